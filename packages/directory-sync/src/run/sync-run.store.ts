// The executing run's own bookkeeping on its sync_runs row (progress and counts; its status
// changes only through sync-run.status.ts), in plain SQL over the run's pg
// connection: a run executes in a worker thread that would otherwise load the ORM (tens of MB)
// for a handful of updates. Timestamps go in as UTC text and durations are computed by Postgres,
// because the columns are timestamp(3) without time zone, as Prisma writes them.
import type { TSqlClient } from '../execute/sql-transaction';
import type { TPlanCounts } from '../plan/plan.types';
import type { TPlanSummary } from '../plan/plan-summary';
import type { TSyncSettings } from '../settings/sync-settings.types';
import type { TSyncProgress } from './sync-progress';

export type TRunToExecute = { isDryRun: boolean; settings: TSyncSettings };

export async function loadRunToExecute(sql: TSqlClient, runId: string): Promise<TRunToExecute> {
  const { rows } = await sql.query<{ is_dry_run: boolean; settings: TSyncSettings }>(
    'SELECT "is_dry_run", "settings" FROM "sync_runs" WHERE "id" = $1::uuid',
    [runId],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`sync run ${runId} does not exist`);
  return { isDryRun: row.is_dry_run, settings: row.settings };
}

export async function writeProgress(
  sql: TSqlClient,
  runId: string,
  progress: Readonly<TSyncProgress>,
  now: Date,
): Promise<void> {
  await sql.query(
    'UPDATE "sync_runs" SET "phase" = $2, "progress" = $3::jsonb, "heartbeat_at" = $4::timestamp(3) WHERE "id" = $1::uuid',
    [runId, progress.phase, JSON.stringify(progress), now.toISOString()],
  );
}

export async function writePlanCounts(
  sql: TSqlClient,
  runId: string,
  counts: TPlanCounts,
  summary: TPlanSummary,
): Promise<void> {
  await sql.query(
    'UPDATE "sync_runs" SET "google_user_count" = $2, "create_count" = $3, "update_count" = $4, ' +
      '"delete_count" = $5, "keep_count" = $6, "conflict_count" = $7, "unchanged_count" = $8, ' +
      '"summary" = $9::jsonb WHERE "id" = $1::uuid',
    [
      runId,
      counts.googleUsersInScope,
      counts.creates,
      counts.updates,
      counts.deletes,
      counts.kept,
      counts.conflicts,
      counts.unchanged,
      JSON.stringify(summary),
    ],
  );
}
