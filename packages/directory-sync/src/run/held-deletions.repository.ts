import type { PrismaClient } from '@wac/db';
import { SYNC_START_LOCK_KEY } from './run-lock';
import type { TActor } from './sync-run.repository';

export type TConfirmStart =
  | { outcome: 'started' }
  | { outcome: 'not-found' }
  | { outcome: 'not-held' }
  | { outcome: 'superseded'; latestRunId: string }
  | { outcome: 'running'; runningRunId: string };

/**
 * Puts a held run back to RUNNING for the confirmation job, under the same lock as startRun so
 * a confirmation never overlaps a sync. Only the newest committing run may be confirmed: a
 * later run has read Google since and made its own (held or applied) decision.
 */
export async function startConfirmation(
  prisma: PrismaClient,
  runId: string,
  actor: TActor,
  now: Date,
): Promise<TConfirmStart> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', SYNC_START_LOCK_KEY);
    const run = await tx.syncRun.findUnique({
      where: { id: runId },
      select: { status: true, createdAt: true },
    });
    if (!run) return { outcome: 'not-found' } as const;
    const running = await tx.syncRun.findFirst({ where: { status: 'RUNNING' }, select: { id: true } });
    if (running) return { outcome: 'running', runningRunId: running.id } as const;
    if (run.status !== 'HELD_FOR_CONFIRMATION') return { outcome: 'not-held' } as const;
    const latest = await tx.syncRun.findFirst({
      where: { isDryRun: false },
      orderBy: { createdAt: 'desc' },
      select: { id: true },
    });
    if (latest && latest.id !== runId) return { outcome: 'superseded', latestRunId: latest.id } as const;
    await tx.syncRun.update({
      where: { id: runId },
      data: {
        status: 'RUNNING',
        phase: 'queued',
        heartbeatAt: now,
        confirmedById: actor.id,
        confirmedByName: actor.name,
        confirmedAt: now,
      },
    });
    return { outcome: 'started' } as const;
  });
}
