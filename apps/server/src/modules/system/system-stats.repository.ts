import type { TDb } from '../../lib/db';

export type TCountBy = Record<string, number>;

export type TSystemStats = {
  usersByAuthMethod: TCountBy;
  archive: { messages: number; rawBytes: number; storedBytes: number };
  /** Each archive folder counted once, in the state of its latest (non-estimate) run. */
  mailboxesByState: TCountBy;
  /** Mailboxes waiting for Gmail's quota or the daily budget, by problem code. */
  pausedMailboxesByReason: TCountBy;
  syncRunsByStatus: TCountBy;
  lastSyncRun: { status: string; durationSeconds: number | null; finishedAt: Date | null } | null;
  sendMessagesByStatus: TCountBy;
  /** Jobs waiting (created, retry) or running (active), by pg-boss queue name and state. */
  queueDepths: { queue: string; state: string; jobs: number }[];
  databaseBytes: number;
};

type TCountRow = { key: string; n: bigint | number };

function toCounts(rows: TCountRow[]): TCountBy {
  return Object.fromEntries(rows.map((row) => [row.key, Number(row.n)]));
}

/**
 * Whole-database figures for /metrics and the System page. Each query is an aggregate over an
 * indexed or modest table, except the archive totals (a sequential scan of archived_messages), so
 * callers cache the result for a few seconds rather than run this per scrape.
 */
export async function readSystemStats(db: TDb): Promise<TSystemStats> {
  const [users, archive, mailboxes, paused, syncRuns, lastSync, sends, queues, size] = await Promise.all([
    db.$queryRaw<TCountRow[]>`SELECT auth_method::text AS key, count(*) AS n FROM users GROUP BY 1`,
    db.$queryRaw<{ messages: bigint; raw: bigint; stored: bigint }[]>`
      SELECT count(*) AS messages, coalesce(sum(size), 0)::bigint AS raw,
             coalesce(sum(stored_bytes), 0)::bigint AS stored
      FROM archived_messages`,
    db.$queryRaw<TCountRow[]>`
      SELECT status AS key, count(*) AS n FROM (
        SELECT DISTINCT ON (m.archive_folder_id) m.status::text AS status
        FROM archive_run_mailboxes m JOIN archive_runs r ON r.id = m.run_id
        WHERE NOT r.is_estimate
        ORDER BY m.archive_folder_id, r.created_at DESC
      ) latest GROUP BY 1`,
    db.$queryRaw<TCountRow[]>`
      SELECT coalesce(problem_code, 'UNKNOWN') AS key, count(*) AS n
      FROM archive_run_mailboxes WHERE status = 'PAUSED' GROUP BY 1`,
    db.$queryRaw<TCountRow[]>`SELECT status::text AS key, count(*) AS n FROM sync_runs GROUP BY 1`,
    db.$queryRaw<{ status: string; duration_ms: number | null; finished_at: Date | null }[]>`
      SELECT status::text AS status, duration_ms, finished_at FROM sync_runs
      WHERE finished_at IS NOT NULL AND NOT is_dry_run ORDER BY finished_at DESC LIMIT 1`,
    db.$queryRaw<TCountRow[]>`SELECT status::text AS key, count(*) AS n FROM send_messages GROUP BY 1`,
    readQueueDepths(db),
    db.$queryRaw<{ bytes: bigint }[]>`SELECT pg_database_size(current_database()) AS bytes`,
  ]);
  const totals = archive[0];
  const last = lastSync[0];
  return {
    usersByAuthMethod: toCounts(users),
    archive: {
      messages: Number(totals?.messages ?? 0),
      rawBytes: Number(totals?.raw ?? 0),
      storedBytes: Number(totals?.stored ?? 0),
    },
    mailboxesByState: toCounts(mailboxes),
    pausedMailboxesByReason: toCounts(paused),
    syncRunsByStatus: toCounts(syncRuns),
    lastSyncRun:
      last === undefined
        ? null
        : {
            status: last.status,
            durationSeconds: last.duration_ms === null ? null : last.duration_ms / 1000,
            finishedAt: last.finished_at,
          },
    sendMessagesByStatus: toCounts(sends),
    queueDepths: queues,
    databaseBytes: Number(size[0]?.bytes ?? 0),
  };
}

// pg-boss creates its schema on the first start of a queue, so a fresh database has none yet.
async function readQueueDepths(db: TDb): Promise<TSystemStats['queueDepths']> {
  const exists = await db.$queryRaw<{ present: boolean }[]>`
    SELECT to_regclass('pgboss.job') IS NOT NULL AS present`;
  if (exists[0]?.present !== true) return [];
  const rows = await db.$queryRaw<{ queue: string; state: string; n: bigint }[]>`
    SELECT name AS queue, state::text AS state, count(*) AS n FROM pgboss.job
    WHERE state IN ('created', 'retry', 'active') GROUP BY 1, 2 ORDER BY 1, 2`;
  return rows.map((row) => ({ queue: row.queue, state: row.state, jobs: Number(row.n) }));
}
