import { INSERT_CHANGES_SQL } from '../execute/bulk-insert.sql';
import type { TSqlClient } from '../execute/sql-transaction';
import type { TChangeRow } from './sync-change.rows';

export const CHANGE_ROW_BATCH = 1_000;

function toRecord(row: TChangeRow) {
  return {
    kind: row.kind,
    outcome: row.outcome,
    user_id: row.userId ?? null,
    google_user_id: row.googleUserId ?? null,
    user_name: row.userName,
    reason: row.reason,
    reason_text: row.reasonText,
    diff: row.diff ?? null,
  };
}

/** One multi-row insert for the rows of one batch (all of the same run). */
export async function insertChangeRows(
  sql: TSqlClient,
  runId: string,
  rows: readonly TChangeRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(INSERT_CHANGES_SQL, [JSON.stringify(rows.map(toRecord)), runId]);
}

/** Builds and inserts rows batch by batch, so a 100,000-item plan never becomes one huge array. */
export async function insertMappedRows<T>(
  sql: TSqlClient,
  runId: string,
  items: readonly T[],
  toRow: (item: T) => TChangeRow,
): Promise<void> {
  for (let start = 0; start < items.length; start += CHANGE_ROW_BATCH) {
    await insertChangeRows(sql, runId, items.slice(start, start + CHANGE_ROW_BATCH).map(toRow));
  }
}
