// A confirmation's reads and writes, in SQL over the run's own connections (see sync-run.store.ts);
// the run's status changes go through sync-run.status.ts.
import { DELETE_DIRECTORY_USERS_SQL } from '../execute/bulk-insert.sql';
import { inTransaction, type TSqlClient } from '../execute/sql-transaction';

export type THeldRun = { appliedChangeCount: number; heldDeletionCount: number; durationMs: number | null };

export async function loadHeldRun(sql: TSqlClient, runId: string): Promise<THeldRun> {
  const { rows } = await sql.query<{
    applied_change_count: number;
    held_deletion_count: number;
    duration_ms: number | null;
  }>(
    'SELECT "applied_change_count", "held_deletion_count", "duration_ms" FROM "sync_runs" WHERE "id" = $1::uuid',
    [runId],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`sync run ${runId} does not exist`);
  return {
    appliedChangeCount: row.applied_change_count,
    heldDeletionCount: row.held_deletion_count,
    durationMs: row.duration_ms,
  };
}

/** The duration in the history stays the original run's; the confirmation is its own event. */
export async function restoreDuration(
  sql: TSqlClient,
  runId: string,
  durationMs: number | null,
): Promise<void> {
  await sql.query('UPDATE "sync_runs" SET "duration_ms" = $2 WHERE "id" = $1::uuid', [runId, durationMs]);
}

export async function heldDeletionUserIds(sql: TSqlClient, runId: string): Promise<Set<string>> {
  const { rows } = await sql.query<{ user_id: string }>(
    `SELECT "user_id" FROM "sync_changes" WHERE "run_id" = $1::uuid AND "kind" = 'DELETE' ` +
      `AND "outcome" = 'HELD' AND "user_id" IS NOT NULL`,
    [runId],
  );
  return new Set(rows.map((row) => row.user_id));
}

const DELETE_BATCH = 1_000;
const MARK_APPLIED_SQL =
  `UPDATE "sync_changes" SET "outcome" = 'APPLIED' WHERE "run_id" = $1::uuid AND "kind" = 'DELETE' ` +
  `AND "outcome" = 'HELD' AND "user_id" = ANY($2::uuid[])`;

/** Deletes the confirmed users batch by batch, each batch together with its history rows. */
export async function deleteConfirmed(
  sql: TSqlClient,
  runId: string,
  userIds: readonly string[],
  at: Date,
  onDeleted: (deleted: number) => void,
): Promise<number> {
  let deleted = 0;
  for (let start = 0; start < userIds.length; start += DELETE_BATCH) {
    const batch = userIds.slice(start, start + DELETE_BATCH);
    await inTransaction(sql, async () => {
      await sql.query(DELETE_DIRECTORY_USERS_SQL, [batch, at.toISOString()]);
      await sql.query(MARK_APPLIED_SQL, [runId, batch]);
    });
    deleted += batch.length;
    onDeleted(deleted);
  }
  return deleted;
}

/**
 * The held creates and renames that were applied with their deletions: the rows the executor wrote
 * for them (from the fresh plan) replace the held ones.
 */
export async function dropAppliedDependents(
  sql: TSqlClient,
  runId: string,
  googleUserIds: readonly string[],
): Promise<void> {
  if (googleUserIds.length === 0) return;
  await sql.query(
    `DELETE FROM "sync_changes" WHERE "run_id" = $1::uuid AND "outcome" = 'HELD' ` +
      `AND "kind" IN ('CREATE', 'UPDATE') AND "google_user_id" = ANY($2::text[])`,
    [runId, googleUserIds],
  );
}

/** Held changes the fresh read did not confirm stay undone, and the history says why. */
export async function skipUnconfirmed(sql: TSqlClient, runId: string): Promise<number> {
  const result = await sql.query(
    `UPDATE "sync_changes" SET "outcome" = 'SKIPPED', "reason_text" = "reason_text" || $2 ` +
      `WHERE "run_id" = $1::uuid AND "outcome" = 'HELD'`,
    [runId, ' (not deleted at confirmation: a fresh read of Google Workspace no longer called for it)'],
  );
  return result.rowCount ?? 0;
}
