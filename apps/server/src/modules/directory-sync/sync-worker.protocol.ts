import type { TSyncProgress, TSyncSettings } from '@wac/directory-sync';
import type { TDirectoryAccess } from '../google-connection';
import type { TSyncJob } from './sync.jobs';

export type TSyncFailureText = { code: string; message: string };

/** workerData of sync-run.worker.ts: structured-clone safe, ids and plain values only. */
export type TSyncWorkerInput = {
  job: TSyncJob;
  databaseUrl: string;
  /** Resolved by the API thread, which holds the master key; a failure is recorded on the run. */
  directory: { access: TDirectoryAccess } | { failure: TSyncFailureText };
  /** A confirmation re-reads Google with the current settings, read for it by the API thread. */
  settings: TSyncSettings;
  batchSize?: number;
  progressIntervalMs?: number;
};

export type TWorkerLogLevel = 'info' | 'warn' | 'error';

/** What the worker tells the API thread while it runs. */
export type TSyncWorkerMessage =
  | { type: 'progress'; runId: string; progress: TSyncProgress }
  | { type: 'log'; level: TWorkerLogLevel; details: Record<string, unknown>; message: string }
  | { type: 'done'; outcome: string };
