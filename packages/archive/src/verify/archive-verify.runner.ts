import { redactDatabaseUrl } from '@wac/db';
import pg from 'pg';
import { deriveArchiveKeys } from '../keys/archive-keys';
import { createFsBlobStore } from '../store/fs-blob-store';
import { type TArchiveVerifyReport, verifyArchive } from './archive-verify.service';

export class ArchiveVerifyError extends Error {
  override readonly name = 'ArchiveVerifyError';
}

export type TRunArchiveVerifyOptions = {
  databaseUrl: string;
  /** The filesystem store's root (the server's DATA_DIR/archive). */
  storeRoot: string;
  masterKey: Buffer;
  maxListed?: number;
};

/** verifyArchive over its own small pool, for tools outside the server (pnpm archive:verify). */
export async function runArchiveVerify(options: TRunArchiveVerifyOptions): Promise<TArchiveVerifyReport> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {});
  try {
    const found = await pool
      .query<{ ok: boolean }>(`SELECT to_regclass('public.archived_messages') IS NOT NULL AS ok`)
      .catch((error: Error) => {
        throw new ArchiveVerifyError(
          `Cannot connect to the database at ${redactDatabaseUrl(options.databaseUrl)}: ${error.message}. ` +
            'Check DATABASE_URL and that Postgres is running.',
          { cause: error },
        );
      });
    if (!found.rows[0]?.ok) {
      throw new ArchiveVerifyError(
        'The database has no archive tables yet: start the server once to apply its migrations.',
      );
    }
    const store = createFsBlobStore({ root: options.storeRoot, keys: deriveArchiveKeys(options.masterKey) });
    return await verifyArchive({ pool, store, maxListed: options.maxListed });
  } finally {
    await pool.end();
  }
}
