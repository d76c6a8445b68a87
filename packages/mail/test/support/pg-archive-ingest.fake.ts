import { createHash } from 'node:crypto';
import type { TArchiveIngest, TIngestItem, TIngestResult } from '@wac/archive';
import type pg from 'pg';

/**
 * A stand-in for @wac/archive's ingest with the same commit order (blobs first, then rows and the
 * caller's inTransaction work in one transaction), on tables of its own in the test database.
 * Replaced by the real ingest once @wac/archive exports it.
 */
export async function createPgArchiveIngestFake(
  pool: pg.Pool,
): Promise<TArchiveIngest & { ingestCalls: number }> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS fake_blobs (address TEXT PRIMARY KEY, raw BYTEA NOT NULL);
    CREATE TABLE IF NOT EXISTS fake_copies (
      archive_folder_id UUID NOT NULL, folder TEXT NOT NULL, uid_validity BIGINT NOT NULL, uid BIGINT NOT NULL,
      address TEXT NOT NULL REFERENCES fake_blobs(address), flags TEXT[] NOT NULL, labels TEXT[],
      PRIMARY KEY (archive_folder_id, folder, uid_validity, uid));`);
  const fake = {
    ingestCalls: 0,
    async ingest(
      items: TIngestItem[],
      options?: Parameters<TArchiveIngest['ingest']>[1],
    ): Promise<TIngestResult[]> {
      fake.ingestCalls += 1;
      const addresses = items.map((item) => createHash('sha256').update(item.raw).digest('hex'));
      const newBlobs = new Set<string>();
      for (const [i, item] of items.entries()) {
        const { rowCount } = await pool.query(
          'INSERT INTO fake_blobs (address, raw) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [addresses[i], item.raw],
        );
        if (rowCount) newBlobs.add(addresses[i] as string);
      }
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const results: TIngestResult[] = [];
        for (const [i, item] of items.entries()) {
          const { rowCount } = await client.query(
            `INSERT INTO fake_copies (archive_folder_id, folder, uid_validity, uid, address, flags, labels)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
            [
              item.archiveFolderId,
              item.source.folder,
              item.source.uidValidity,
              item.source.uid,
              addresses[i],
              item.source.flags,
              item.source.gmailLabels ?? null,
            ],
          );
          results.push({
            source: item.source,
            address: addresses[i] as string,
            isNewInMailbox: rowCount === 1,
            isNewBlob: newBlobs.has(addresses[i] as string),
            size: item.raw.length,
          });
        }
        await options?.inTransaction?.(client);
        await client.query('COMMIT');
        return results;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async archivedUids(archiveFolderId: string, folder: string, uidValidity: number): Promise<number[]> {
      const { rows } = await pool.query<{ uid: string }>(
        'SELECT uid FROM fake_copies WHERE archive_folder_id = $1 AND folder = $2 AND uid_validity = $3 ORDER BY uid',
        [archiveFolderId, folder, uidValidity],
      );
      return rows.map((row) => Number(row.uid));
    },
  };
  return fake;
}
