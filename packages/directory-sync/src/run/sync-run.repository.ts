import type { Prisma, PrismaClient } from '@wac/db';
import type { TSyncSettings } from '../settings/sync-settings.types';
import { SYNC_EXECUTION_LOCK_KEY, SYNC_START_LOCK_KEY } from './run-lock';
import { INITIAL_PROGRESS } from './sync-progress';

export type TActor = { id: string | null; name: string };

export type TStartRunInput = {
  isDryRun: boolean;
  trigger: 'MANUAL' | 'SCHEDULED';
  requestedBy: TActor;
  settings: TSyncSettings;
};

export type TStartRunResult = { isStarted: true; runId: string } | { isStarted: false; runningRunId: string };

/** A RUNNING row whose heartbeat is older than this, while nobody holds the run lock, was orphaned. */
export const ORPHANED_AFTER_MS = 120_000;

const RUNNING_OR_HELD_TX = { timeout: 15_000, maxWait: 15_000 };

/**
 * Creates a RUNNING run unless one is already running, on this or any other instance: the
 * check and the insert happen under one transaction-scoped advisory lock, so two requests at
 * the same instant cannot both see "nothing running".
 */
export async function startRun(
  prisma: PrismaClient,
  input: TStartRunInput,
  now: () => Date = () => new Date(),
): Promise<TStartRunResult> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', SYNC_START_LOCK_KEY);
    const running = await tx.syncRun.findFirst({
      where: { status: 'RUNNING' },
      orderBy: { createdAt: 'asc' },
      select: { id: true, heartbeatAt: true },
    });
    if (running) {
      const isOrphaned = await isOrphanedRun(tx, running.heartbeatAt, now());
      if (!isOrphaned) return { isStarted: false, runningRunId: running.id } as const;
      await tx.syncRun.updateMany({
        where: { status: 'RUNNING' },
        data: {
          status: 'FAILED',
          phase: 'finished',
          finishedAt: now(),
          errorCode: 'INTERRUPTED',
          errorMessage:
            'The run was interrupted (the server stopped while it ran). Nothing is lost; run it again.',
        },
      });
    }
    const run = await tx.syncRun.create({
      data: {
        isDryRun: input.isDryRun,
        trigger: input.trigger,
        status: 'RUNNING',
        requestedById: input.requestedBy.id,
        requestedByName: input.requestedBy.name,
        phase: 'queued',
        progress: { ...INITIAL_PROGRESS },
        settings: input.settings as unknown as Prisma.InputJsonValue,
        heartbeatAt: now(),
      },
      select: { id: true },
    });
    return { isStarted: true, runId: run.id } as const;
  }, RUNNING_OR_HELD_TX);
}

async function isOrphanedRun(tx: Prisma.TransactionClient, heartbeatAt: Date, now: Date): Promise<boolean> {
  if (now.getTime() - heartbeatAt.getTime() < ORPHANED_AFTER_MS) return false;
  // Taking the execution lock for the rest of this short transaction proves nobody executes a run.
  const rows = await tx.$queryRawUnsafe<{ free: boolean }[]>(
    'SELECT pg_try_advisory_xact_lock($1) AS free',
    SYNC_EXECUTION_LOCK_KEY,
  );
  return rows[0]?.free === true;
}
