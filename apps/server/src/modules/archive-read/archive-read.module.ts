import path from 'node:path';
import { deriveArchiveKeys, type TBlobStore } from '@wac/archive';
import { GOOGLE_SCOPES } from '@wac/google';
import { openRestoreAppender } from '@wac/mail';
import pg from 'pg';
import type { TConfig } from '../../config/env';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import { createArchiveBlobStore } from '../archiving/archive-blob-store.factory';
import type { TGoogleConnectionService } from '../google-connection/google-connection.service';
import { createAccessLog } from './access-log.service';
import { createArchiveExportService } from './archive-export.service';
import { createArchiveReadService } from './archive-read.service';
import { createArchiveRestoreService, type TArchiveRestoreDeps } from './archive-restore.service';

/** What tests may swap: how often export progress is written. */
export type TArchiveReadOverrides = Partial<{
  exportProgressIntervalMs: number;
  openAppender: TArchiveRestoreDeps['openAppender'];
}>;

/**
 * Search, viewer, export, restore and the access log, wired to the archive's store (DATA_DIR or S3),
 * a small pg pool of their own for searches (read-only snapshots), and the Google connection's
 * delegated tokens for restores. The pool and the store open on first use.
 */
export function createArchiveReadModule(deps: {
  config: TConfig;
  prisma: TPrisma;
  databaseUrl: string;
  clock: TClock;
  log: { warn(obj: object, msg?: string): void };
  googleConnection: TGoogleConnectionService;
  loadMasterKey: () => Promise<Buffer>;
  overrides?: TArchiveReadOverrides;
}) {
  let pool: pg.Pool | null = null;
  const getPool = async () => {
    pool ??= new pg.Pool({
      connectionString: deps.databaseUrl,
      max: 4,
      application_name: 'wac-archive-read',
    });
    return pool;
  };
  let store: Promise<TBlobStore> | null = null;
  const getStore = () => {
    store ??= deps
      .loadMasterKey()
      .then((key) => createArchiveBlobStore(deps.config.archiveStore, deriveArchiveKeys(key)));
    return store;
  };
  const serverTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const accessLog = createAccessLog({ prisma: deps.prisma, clock: deps.clock });
  const read = createArchiveReadService({
    prisma: deps.prisma,
    getPool,
    getStore,
    accessLog,
    serverTimeZone,
  });
  const shared = {
    prisma: deps.prisma,
    clock: deps.clock,
    getPool,
    getStore,
    accessLog,
    readerOf: read.readerOf,
    serverTimeZone,
    log: deps.log,
  };
  const exports = createArchiveExportService({
    ...shared,
    exportsDir: path.join(deps.config.dataDir, 'exports'),
    progressIntervalMs: deps.overrides?.exportProgressIntervalMs,
  });
  const restores = createArchiveRestoreService({
    ...shared,
    imap: deps.config.archiving.imap,
    getAccessToken: async (userEmail) => {
      const tokens = await deps.googleConnection.getTokenProvider();
      return (await tokens.getAccessToken(userEmail, [GOOGLE_SCOPES.mail])).accessToken;
    },
    openAppender: deps.overrides?.openAppender ?? openRestoreAppender,
  });
  return {
    read,
    exports,
    restores,
    accessLog,
    async close(): Promise<void> {
      await Promise.all([exports.close(), restores.close()]);
      await pool?.end();
      pool = null;
    },
  };
}

export type TArchiveReadModule = ReturnType<typeof createArchiveReadModule>;
