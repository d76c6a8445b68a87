// The one owner of a sync run's status (sync_runs.status and the columns that go with it: phase,
// finished_at, error, confirmation). Every transition lives here, whichever process makes it:
//
//   queued   startRun (API)                     -> RUNNING, phase queued
//   running  claimRun (worker)                  -> phase starting
//   held / failed / finished  finishRun (worker) -> HELD_FOR_CONFIRMATION | FAILED | SUCCEEDED
//   confirm  startConfirmation (API)            -> RUNNING again; putBackOnHold when it fails
//   not queued  failUnqueuedRun (API)           -> FAILED, or back on hold for a confirmation
//   worker died  recordWorkerDeath (API)        -> FAILED, or back on hold for a confirmation
//
// Naming rule of this package (see README.md): a function taking a PrismaClient is repository
// code and runs in the API process; a function taking a TSqlClient is store code, plain SQL over pg,
// because it also runs in the sync worker thread, which must not load Prisma. Both kinds sit in this
// one file on purpose: the status of a run has one owner, whatever the client.
import type { Prisma, PrismaClient } from '@wac/db';
import type { TSqlClient } from '../execute/sql-transaction';
import type { TSyncSettings } from '../settings/sync-settings.types';
import { SYNC_EXECUTION_LOCK_KEY, SYNC_START_LOCK_KEY } from './run-lock';
import { INITIAL_PROGRESS, type TSyncProgress } from './sync-progress';

// ---- repository (API process, Prisma)

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
          errorMessage: INTERRUPTED_MESSAGE,
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

export type TRunFailureText = { code: string; message: string };

const INTERRUPTED_MESSAGE =
  'The run was interrupted (the server stopped while it ran). Nothing is lost; run it again.';

/**
 * The job queue could not take the run: a run fails at once (nothing was changed), a confirmation
 * goes back on hold to be confirmed again.
 */
export async function failUnqueuedRun(
  prisma: PrismaClient,
  runId: string,
  isConfirmation: boolean,
  now: Date,
): Promise<void> {
  await prisma.syncRun.update({
    where: { id: runId },
    data: isConfirmation
      ? {
          status: 'HELD_FOR_CONFIRMATION',
          phase: 'finished',
          confirmedAt: null,
          confirmedById: null,
          confirmedByName: null,
        }
      : {
          status: 'FAILED',
          phase: 'finished',
          finishedAt: now,
          errorCode: 'QUEUE_UNAVAILABLE',
          errorMessage: 'The job queue could not take the synchronization. Nothing was changed.',
        },
  });
}

/**
 * Records on the run that its worker thread died (out of memory, a crash, the server stopping)
 * before the runner could: a run becomes FAILED, a confirmation goes back on hold. Only a run still
 * RUNNING is touched, so a run its worker did finish keeps its own outcome. Returns the final
 * progress, or null when there was nothing to record. The caller holds the run lock.
 */
export async function recordWorkerDeath(
  prisma: PrismaClient,
  job: { runId: string; isConfirmation: boolean },
  failure: TRunFailureText,
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
  const data: Prisma.SyncRunUpdateManyMutationInput = job.isConfirmation
    ? {
        ...common,
        // As a failed confirmation does: back on hold, to be confirmed again.
        status: 'HELD_FOR_CONFIRMATION',
        errorMessage: `The confirmation stopped: ${failure.message}`,
        confirmedAt: null,
        confirmedById: null,
        confirmedByName: null,
      }
    : {
        ...common,
        status: 'FAILED',
        errorMessage: failure.message,
        durationMs: Math.max(0, now.getTime() - (run.startedAt ?? run.createdAt).getTime()),
      };
  const updated = await prisma.syncRun.updateMany({ where: { id: job.runId, status: 'RUNNING' }, data });
  return updated.count === 1 ? progress : null;
}

// ---- store (worker thread, SQL)

export type TRunOutcome = {
  status: 'SUCCEEDED' | 'FAILED' | 'HELD_FOR_CONFIRMATION';
  progress: Readonly<TSyncProgress>;
  appliedChangeCount?: number;
  heldDeletionCount?: number;
  error?: { code: string; message: string };
};

/**
 * Takes a queued run for execution, once: a job delivered twice, or handed to two workers, finds
 * the run already claimed and leaves it alone. Confirmations keep the original start time.
 */
export async function claimRun(
  sql: TSqlClient,
  runId: string,
  now: Date,
  options: { isConfirmation: boolean },
): Promise<boolean> {
  const startedAt = options.isConfirmation ? '' : ', "started_at" = $2::timestamp(3)';
  const result = await sql.query(
    `UPDATE "sync_runs" SET "phase" = 'starting', "heartbeat_at" = $2::timestamp(3)${startedAt} ` +
      `WHERE "id" = $1::uuid AND "status" = 'RUNNING' AND "phase" = 'queued'`,
    [runId, now.toISOString()],
  );
  return result.rowCount === 1;
}

export async function finishRun(
  sql: TSqlClient,
  runId: string,
  outcome: TRunOutcome,
  now: Date,
): Promise<void> {
  await sql.query(
    `UPDATE "sync_runs" SET "status" = $2::"sync_run_status", "phase" = 'finished', "progress" = $3::jsonb, ` +
      `"finished_at" = $4::timestamp(3), "heartbeat_at" = $4::timestamp(3), ` +
      `"duration_ms" = GREATEST(0, round(extract(epoch FROM ($4::timestamp(3) - coalesce("started_at", "created_at"))) * 1000))::int, ` +
      `"applied_change_count" = coalesce($5, "applied_change_count"), ` +
      `"held_deletion_count" = coalesce($6, "held_deletion_count"), "error_code" = $7, "error_message" = $8 ` +
      `WHERE "id" = $1::uuid`,
    [
      runId,
      outcome.status,
      JSON.stringify({ ...outcome.progress, phase: 'finished' }),
      now.toISOString(),
      outcome.appliedChangeCount ?? null,
      outcome.heldDeletionCount ?? null,
      outcome.error?.code ?? null,
      outcome.error?.message ?? null,
    ],
  );
}

/** Back on hold: the run waits for someone to confirm it again. */
export async function putBackOnHold(sql: TSqlClient, runId: string): Promise<void> {
  await sql.query(
    'UPDATE "sync_runs" SET "confirmed_by_id" = NULL, "confirmed_by_name" = NULL, "confirmed_at" = NULL WHERE "id" = $1::uuid',
    [runId],
  );
}
