import { createArchiveIngest, deriveArchiveKeys, type TArchiveIngest } from '@wac/archive';
import { archiveMailbox, estimateMailbox, type TImapEndpoint, type TMailboxArchiverDeps } from '@wac/mail';
import pg from 'pg';
import type { TArchiveStoreConfig } from '../../config/env';
import { createArchiveBlobStore } from './archive-blob-store.factory';
import type { TEstimateMailbox, TRunMailbox } from './mailbox-runner.types';

export type TMailboxArchiverFactoryDeps = {
  databaseUrl: string;
  /** Where blobs go: DATA_DIR/archive or an S3 bucket. */
  store: TArchiveStoreConfig;
  /** The master key; the archive's address and encryption keys are derived from it. */
  loadMasterKey: () => Promise<Buffer>;
  imap: TImapEndpoint;
  /** A delegated token for the user with the mail scope (the Google connection's token provider). */
  getAccessToken: (userEmail: string) => Promise<string>;
  log: TMailboxArchiverDeps['log'];
  /** Pool size: each running mailbox holds a connection while it commits a batch. */
  maxConnections: number;
};

/**
 * The production mailbox runner: @wac/mail's archiver over @wac/archive's configured blob store and
 * ingest, on a pool of its own (archiving must not take the API's connections). Built lazily, so
 * an instance that never archives opens no pool and reads no key for it.
 */
export function createMailboxArchiver(deps: TMailboxArchiverFactoryDeps): {
  runMailbox: TRunMailbox;
  estimateMailbox: TEstimateMailbox;
  close(): Promise<void>;
} {
  let parts: Promise<{ pool: pg.Pool; ingest: TArchiveIngest }> | null = null;
  const open = () => {
    parts ??= (async () => {
      const keys = deriveArchiveKeys(await deps.loadMasterKey());
      const pool = new pg.Pool({
        connectionString: deps.databaseUrl,
        max: deps.maxConnections,
        application_name: 'wac-archive',
      });
      pool.on('error', (error) => deps.log.warn({ err: error }, 'archive: idle database connection lost'));
      const store = createArchiveBlobStore(deps.store, keys);
      return { pool, ingest: createArchiveIngest({ pool, store }) };
    })();
    return parts;
  };
  const base = async (): Promise<TMailboxArchiverDeps> => {
    const { pool, ingest } = await open();
    return { pool, ingest, getAccessToken: deps.getAccessToken, imap: deps.imap, log: deps.log };
  };

  return {
    runMailbox: async (target, hooks) =>
      archiveMailbox(
        {
          ...(await base()),
          signal: hooks.signal,
          onProgress: hooks.onProgress,
          remainingBudgetBytes: hooks.remainingBudgetBytes,
        },
        target,
      ),
    estimateMailbox: async (target, hooks) =>
      estimateMailbox({ ...(await base()), signal: hooks.signal }, target),
    async close() {
      const opened = parts;
      parts = null;
      if (opened) await (await opened.catch(() => null))?.pool.end();
    },
  };
}
