import type pg from 'pg';
import type { TBlobAddress, TBlobStore } from '../archive.contract';
import { BlobCorruptError, BlobNotFoundError } from '../store/blob-errors';

export type TVerifyArchiveDeps = {
  pool: pg.Pool;
  store: TBlobStore;
  /** How many addresses each problem list names; the counts are always complete. Default 100. */
  maxListed?: number;
  onProgress?: (progress: { checkedMessages: number; totalMessages: number }) => void;
};

export type TCorruptBlob = { address: TBlobAddress; reason: string };

export type TArchiveVerifyReport = {
  /** Rows in archived_messages, each read back from the store. */
  messages: number;
  /** Files the store lists. */
  blobs: number;
  ok: number;
  /** A message row whose blob is gone. */
  missing: { count: number; addresses: TBlobAddress[] };
  /** A blob that fails authentication, decompression or the keyed hash, or whose size disagrees. */
  corrupt: { count: number; blobs: TCorruptBlob[] };
  /** A blob no message row names. */
  orphaned: { count: number; addresses: TBlobAddress[] };
  bytesChecked: number;
  durationMs: number;
  isHealthy: boolean;
};

const PAGE_SIZE = 500;
// Orphan candidates are re-checked after the (long) read pass, so a blob whose ingest was still
// committing when the store was listed is not reported. Past this many, they are counted unchecked.
const MAX_ORPHAN_CANDIDATES = 100_000;

/**
 * Reads every message's blob back (decrypt, decompress, re-hash) and compares store and
 * database. One blob in memory at a time; database rows are walked in pages.
 */
export async function verifyArchive(deps: TVerifyArchiveDeps): Promise<TArchiveVerifyReport> {
  const { pool, store } = deps;
  const maxListed = deps.maxListed ?? 100;
  const started = Date.now();
  const report: TArchiveVerifyReport = {
    messages: 0,
    blobs: 0,
    ok: 0,
    missing: { count: 0, addresses: [] },
    corrupt: { count: 0, blobs: [] },
    orphaned: { count: 0, addresses: [] },
    bytesChecked: 0,
    durationMs: 0,
    isHealthy: false,
  };

  // 1. What the store holds that no row names (candidates, re-checked at the end).
  const candidates: TBlobAddress[] = [];
  let uncheckedOrphans = 0;
  let page: TBlobAddress[] = [];
  const checkPage = async () => {
    const unknown = await addressesWithoutRow(pool, page);
    for (const address of unknown) {
      if (candidates.length < MAX_ORPHAN_CANDIDATES) candidates.push(address);
      else uncheckedOrphans++;
    }
    page = [];
  };
  for await (const address of store.list()) {
    report.blobs++;
    page.push(address);
    if (page.length >= PAGE_SIZE) await checkPage();
  }
  await checkPage();

  // 2. Every row's blob, read back in full.
  const totalMessages = Number(
    (await pool.query<{ count: string }>('SELECT count(*)::text AS count FROM "archived_messages"')).rows[0]
      ?.count ?? 0,
  );
  let after = '';
  for (;;) {
    const rows = (
      await pool.query<{ address: string; size: number }>(
        'SELECT "address", "size" FROM "archived_messages" WHERE "address" > $1 ORDER BY "address" LIMIT $2',
        [after, PAGE_SIZE],
      )
    ).rows;
    if (rows.length === 0) break;
    for (const row of rows) {
      report.messages++;
      await checkBlob(row.address, row.size);
    }
    after = (rows[rows.length - 1] as { address: string }).address;
    deps.onProgress?.({ checkedMessages: report.messages, totalMessages });
  }

  // 3. Orphans still without a row, and still there, after the pass.
  for (let start = 0; start < candidates.length; start += PAGE_SIZE) {
    for (const address of await addressesWithoutRow(pool, candidates.slice(start, start + PAGE_SIZE))) {
      if (!(await store.has(address))) continue;
      report.orphaned.count++;
      if (report.orphaned.addresses.length < maxListed) report.orphaned.addresses.push(address);
    }
  }
  report.orphaned.count += uncheckedOrphans;

  report.durationMs = Date.now() - started;
  report.isHealthy = report.missing.count === 0 && report.corrupt.count === 0 && report.orphaned.count === 0;
  return report;

  async function checkBlob(address: TBlobAddress, size: number): Promise<void> {
    try {
      const raw = await store.get(address);
      report.bytesChecked += raw.length;
      if (raw.length !== size)
        return corrupt(address, `size-mismatch (database ${size}, blob ${raw.length})`);
      report.ok++;
    } catch (error) {
      if (error instanceof BlobNotFoundError) {
        report.missing.count++;
        if (report.missing.addresses.length < maxListed) report.missing.addresses.push(address);
      } else if (error instanceof BlobCorruptError) {
        corrupt(address, error.reason);
      } else {
        throw error;
      }
    }
  }

  function corrupt(address: TBlobAddress, reason: string): void {
    report.corrupt.count++;
    if (report.corrupt.blobs.length < maxListed) report.corrupt.blobs.push({ address, reason });
  }
}

async function addressesWithoutRow(pool: pg.Pool, addresses: TBlobAddress[]): Promise<TBlobAddress[]> {
  if (addresses.length === 0) return [];
  const result = await pool.query<{ address: string }>(
    `SELECT a AS address FROM unnest($1::text[]) AS a
      WHERE NOT EXISTS (SELECT 1 FROM "archived_messages" m WHERE m."address" = a)`,
    [addresses],
  );
  return result.rows.map((row) => row.address);
}
