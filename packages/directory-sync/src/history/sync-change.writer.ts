import type { Prisma, PrismaClient } from '@wac/db';
import type { TChangeRow } from './sync-change.rows';

export type TDb = PrismaClient | Prisma.TransactionClient;

export const CHANGE_ROW_BATCH = 1_000;

/** Multi-row inserts of at most one batch each: one round-trip per thousand rows, not per row. */
export async function insertChangeRows(db: TDb, rows: readonly TChangeRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += CHANGE_ROW_BATCH) {
    await db.syncChange.createMany({ data: rows.slice(start, start + CHANGE_ROW_BATCH) });
  }
}

/** Streams rows built lazily from a (possibly large) list in batches, without one big array. */
export async function insertMappedRows<T>(
  db: PrismaClient,
  items: readonly T[],
  toRow: (item: T) => TChangeRow,
): Promise<void> {
  for (let start = 0; start < items.length; start += CHANGE_ROW_BATCH) {
    const rows = items.slice(start, start + CHANGE_ROW_BATCH).map(toRow);
    await db.syncChange.createMany({ data: rows });
  }
}
