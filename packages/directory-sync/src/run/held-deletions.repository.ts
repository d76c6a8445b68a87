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

export async function heldDeletionUserIds(prisma: PrismaClient, runId: string): Promise<Set<string>> {
  const rows = await prisma.syncChange.findMany({
    where: { runId, kind: 'DELETE', outcome: 'HELD' },
    select: { userId: true },
  });
  return new Set(rows.flatMap((row) => (row.userId === null ? [] : [row.userId])));
}

const DELETE_BATCH = 1_000;

/** Deletes the confirmed users batch by batch, each batch together with its history rows. */
export async function deleteConfirmed(
  prisma: PrismaClient,
  runId: string,
  userIds: readonly string[],
  onDeleted: (deleted: number) => void,
): Promise<number> {
  let deleted = 0;
  for (let start = 0; start < userIds.length; start += DELETE_BATCH) {
    const batch = userIds.slice(start, start + DELETE_BATCH);
    await prisma.$transaction(async (tx) => {
      await tx.user.deleteMany({ where: { id: { in: batch }, authMethod: 'DIRECTORY' } });
      await tx.syncChange.updateMany({
        where: { runId, kind: 'DELETE', outcome: 'HELD', userId: { in: batch } },
        data: { outcome: 'APPLIED' },
      });
    });
    deleted += batch.length;
    onDeleted(deleted);
  }
  return deleted;
}

/** Held deletions the fresh read did not confirm stay undone, and the history says why. */
export async function skipUnconfirmed(prisma: PrismaClient, runId: string): Promise<number> {
  return prisma.$executeRawUnsafe(
    `UPDATE "sync_changes" SET "outcome" = 'SKIPPED', "reason_text" = "reason_text" || $2 ` +
      `WHERE "run_id" = $1::uuid AND "kind" = 'DELETE' AND "outcome" = 'HELD'`,
    runId,
    ' (not deleted at confirmation: a fresh read of Google Workspace no longer called for it)',
  );
}
