// Entry of the directory sync worker thread (started by sync-worker.host.ts, one per job). The
// run's whole read, plan and apply happens here, under the thread's own heap limit, so a sync
// neither blocks the API's event loop nor can exhaust the API's memory. It talks to Postgres over
// plain pg connections and never loads Prisma, whose query engine alone would cost the thread
// some 40 MB.
import { parentPort, workerData } from 'node:worker_threads';
import {
  confirmHeldDeletions,
  executeSyncRun,
  SyncAbortedError,
  type TDirectoryFactory,
  type TSyncLogger,
  type TSyncRunnerDeps,
} from '@wac/directory-sync';
import { createGoogleClientsProvider } from '../google-connection/google-clients.provider';
import type { TSyncWorkerInput, TSyncWorkerMessage, TWorkerLogLevel } from './sync-worker.protocol';

const port = parentPort;
if (port === null) throw new Error('sync-run.worker.ts runs only as a worker thread');
const input = workerData as TSyncWorkerInput;

function send(message: TSyncWorkerMessage): void {
  port?.postMessage(message);
}

// Errors lose their class and own fields in a structured clone; the log line keeps what matters.
function cloneable(details: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(details)) {
    out[name] =
      value instanceof Error
        ? {
            type: value.name,
            message: value.message,
            stack: value.stack,
            code: (value as { code?: unknown }).code,
          }
        : value;
  }
  return out;
}

const logAt =
  (level: TWorkerLogLevel) =>
  (details: object, message: string): void =>
    send({ type: 'log', level, details: cloneable(details), message });
const log: TSyncLogger = { info: logAt('info'), warn: logAt('warn'), error: logAt('error') };

const createDirectory: TDirectoryFactory = async ({ onProgress }) => {
  const { directory } = input;
  if ('failure' in directory) throw new SyncAbortedError(directory.failure.code, directory.failure.message);
  const { key, adminUser, rootUrl } = directory.access;
  // A token provider and rate limiter of the run's own: one token per run, and the run's requests
  // are all this admin user's Directory traffic while it lasts.
  const clients = createGoogleClientsProvider({ adminRootUrl: rootUrl });
  return clients.directoryClient(clients.freshTokenProvider(key), adminUser, { onProgress });
};

async function main(): Promise<void> {
  const deps: TSyncRunnerDeps = {
    databaseUrl: input.databaseUrl,
    createDirectory,
    log,
    onProgress: (runId, progress) => send({ type: 'progress', runId, progress: { ...progress } }),
    ...(input.batchSize === undefined ? {} : { batchSize: input.batchSize }),
    ...(input.progressIntervalMs === undefined ? {} : { progressIntervalMs: input.progressIntervalMs }),
  };
  const { job } = input;
  const outcome =
    job.kind === 'run'
      ? await executeSyncRun(deps, job.runId)
      : await confirmHeldDeletions(deps, job.runId, input.settings);
  send({ type: 'done', outcome: outcome === 'skipped' ? outcome : outcome.status });
}

void main();
