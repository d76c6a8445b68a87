import path from 'node:path';
import { createFsBlobStore, deriveArchiveKeys, type TArchiveVerifyReport, verifyArchive } from '@wac/archive';
import pg from 'pg';
import { AppError } from '../../errors/app-error';

export type TArchiveVerifyServiceDeps = {
  databaseUrl: string;
  /** DATA_DIR: the blobs are under DATA_DIR/archive. */
  dataDir: string;
  loadMasterKey: () => Promise<Buffer>;
  log: { info(obj: object, msg?: string): void };
};

export type TVerifyProgress = { checkedMessages: number; totalMessages: number };

// The console shows the first few; the CLI (pnpm archive:verify) lists more.
const LISTED_ADDRESSES = 20;

/**
 * Verify archive from the console: every blob read back, decrypted, re-hashed and compared with
 * the database, as `pnpm archive:verify` does. One at a time per instance: it reads the whole
 * store, and a second one at once would only halve the speed of both.
 */
export function createArchiveVerifyService(deps: TArchiveVerifyServiceDeps) {
  let running: Promise<TArchiveVerifyReport> | null = null;

  async function run(onProgress: (progress: TVerifyProgress) => void): Promise<TArchiveVerifyReport> {
    // Its own two connections: a long walk over the archive must not hold the API's or the archiver's.
    const pool = new pg.Pool({ connectionString: deps.databaseUrl, max: 2, application_name: 'wac-verify' });
    pool.on('error', () => undefined);
    try {
      const keys = deriveArchiveKeys(await deps.loadMasterKey());
      const store = createFsBlobStore({ root: path.join(deps.dataDir, 'archive'), keys });
      const report = await verifyArchive({ pool, store, maxListed: LISTED_ADDRESSES, onProgress });
      deps.log.info(
        {
          messages: report.messages,
          ok: report.ok,
          missing: report.missing.count,
          corrupt: report.corrupt.count,
          orphaned: report.orphaned.count,
          durationMs: report.durationMs,
        },
        report.isHealthy ? 'archive verify: healthy' : 'archive verify: problems found',
      );
      return report;
    } finally {
      await pool.end();
    }
  }

  return {
    /** Rejects with 409 while another verification runs on this instance. */
    start(onProgress: (progress: TVerifyProgress) => void): Promise<TArchiveVerifyReport> {
      if (running !== null) {
        throw new AppError('CONFLICT', {
          message: 'The archive is being verified already; wait for that verification to finish.',
        });
      }
      const current = run(onProgress).finally(() => {
        running = null;
      });
      running = current;
      return current;
    },
  };
}

export type TArchiveVerifyService = ReturnType<typeof createArchiveVerifyService>;
