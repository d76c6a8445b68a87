import type { Prisma } from '@wac/db';
import { INITIAL_PROGRESS, type TSyncProgress } from '@wac/directory-sync';
import type { TPrisma } from '../../lib/db';
import type { TSyncJob } from './sync.jobs';
import type { TSyncFailureText } from './sync-worker.protocol';

/**
 * Records on the run that its worker thread died (out of memory, a crash, the server stopping)
 * before the runner could: a run becomes FAILED, a confirmation goes back on hold. Only a run still
 * RUNNING is touched, so a run its worker did finish keeps its own outcome. Returns the final
 * progress, or null when there was nothing to record.
 */
export async function recordWorkerFailure(
  prisma: TPrisma,
  job: TSyncJob,
  failure: TSyncFailureText,
  now: Date,
): Promise<TSyncProgress | null> {
  const run = await prisma.syncRun.findUnique({
    where: { id: job.runId },
    select: { status: true, startedAt: true, createdAt: true, progress: true },
  });
  if (run === null || run.status !== 'RUNNING') return null;
  const progress: TSyncProgress = {
    ...INITIAL_PROGRESS,
    ...(run.progress as Partial<TSyncProgress> | null),
    phase: 'finished',
  };
  const common = {
    phase: 'finished',
    progress: progress as unknown as Prisma.InputJsonValue,
    finishedAt: now,
    heartbeatAt: now,
    errorCode: failure.code,
  };
  const data: Prisma.SyncRunUpdateManyMutationInput =
    job.kind === 'run'
      ? {
          ...common,
          status: 'FAILED',
          errorMessage: failure.message,
          durationMs: Math.max(0, now.getTime() - (run.startedAt ?? run.createdAt).getTime()),
        }
      : {
          ...common,
          // As a failed confirmation does: back on hold, to be confirmed again.
          status: 'HELD_FOR_CONFIRMATION',
          errorMessage: `The confirmation stopped: ${failure.message}`,
          confirmedAt: null,
          confirmedById: null,
          confirmedByName: null,
        };
  const updated = await prisma.syncRun.updateMany({ where: { id: job.runId, status: 'RUNNING' }, data });
  return updated.count === 1 ? progress : null;
}
