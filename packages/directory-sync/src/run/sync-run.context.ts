import type { TDirectoryClient, TListingProgress } from '@wac/google';
import type { TSyncProgress } from './sync-progress';

/** pino's shape, so the server passes its logger and tests a silent one. */
export type TSyncLogger = {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};

export type TDirectoryFactory = (hooks: {
  onProgress: (progress: TListingProgress) => void;
}) => Promise<TDirectoryClient>;

export type TSyncRunnerDeps = {
  /**
   * The run opens its own connections: one holds the run lock and carries the bulk reads and
   * writes, one records progress and the outcome on the run's row (see sync-run.store.ts).
   */
  databaseUrl: string;
  /** A Directory client for one run, reporting every page it reads to `onProgress`. */
  createDirectory: TDirectoryFactory;
  log: TSyncLogger;
  now?: () => Date;
  /** How often progress reaches the database and the log (default one second). */
  progressIntervalMs?: number;
  batchSize?: number;
  /**
   * Directory queries a minute that the domains of the account, listed side by side, may take
   * together (default 1,500 of Google's 2,400).
   */
  parallelQueriesPerMinute?: number;
  /** In-process listeners (server-sent events); called at the same pace as the database writes. */
  onProgress?: (runId: string, progress: Readonly<TSyncProgress>) => void;
};

export const silentSyncLogger: TSyncLogger = { info() {}, warn() {}, error() {} };
