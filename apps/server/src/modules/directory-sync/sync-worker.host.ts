import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import {
  describeSyncFailure,
  recordWorkerDeath,
  type TSyncLogger,
  type TSyncProgress,
  tryAcquireRunLock,
} from '@wac/directory-sync';
import { isAppError } from '../../errors/app-error';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TDirectoryAccess } from '../google-connection';
import type { TSyncJob } from './sync.jobs';
import { readSyncSettings } from './sync-settings.repository';
import type { TSyncFailureText, TSyncWorkerInput, TSyncWorkerMessage } from './sync-worker.protocol';

const WORKER_ENTRY = new URL('./sync-run.worker.ts', import.meta.url);
// A dead worker's connection (and with it the run lock) goes within moments; after this long,
// the lock is someone else's and so is the run.
const LOCK_WAIT_MS = 10_000;
// Left to itself, V8 grows a busy thread's young generation to 64 MB of semi-spaces, so a sync's
// short-lived garbage (pages of JSON, batches of rows) holds that much RSS. A 24 MB young generation
// (8 MB semi-spaces) measured no slower on bench:sync and took over 100 MB off the peak RSS.
const YOUNG_GENERATION_MB = 24;

export type TSyncWorkerHostDeps = {
  prisma: TPrisma;
  databaseUrl: string;
  clock: TClock;
  log: TSyncLogger;
  /** The old-generation limit of each worker (SYNC_WORKER_MAX_HEAP_MB). */
  maxHeapMb: number;
  getDirectoryAccess: () => Promise<TDirectoryAccess>;
  onProgress: (runId: string, progress: Readonly<TSyncProgress>) => void;
  batchSize?: number;
  progressIntervalMs?: number;
};

export function outOfMemoryFailure(maxHeapMb: number): TSyncFailureText {
  return {
    code: 'SYNC_OUT_OF_MEMORY',
    message:
      `The sync ran out of memory; raise SYNC_WORKER_MAX_HEAP_MB (now ${maxHeapMb} MB) and run it again. ` +
      'Nothing is changed before the whole directory has been read; batches applied before it stopped are in the history.',
  };
}

const INTERRUPTED: TSyncFailureText = {
  code: 'INTERRUPTED',
  message: 'The run was interrupted (the server stopped while it ran). Nothing is lost; run it again.',
};

/**
 * From source, the TS entry needs the loader the server runs with; the production build rewrites
 * WORKER_ENTRY to plain `sync-run.worker.js`, which needs none. A worker inherits the server's flags
 * when given none (and a list of its own may not repeat V8 flags such as --max-old-space-size); a
 * parent started from source without tsx (a test runner) gets it added.
 */
function workerExecArgv(): string[] | undefined {
  if (!WORKER_ENTRY.pathname.endsWith('.ts')) return undefined;
  const argv = process.execArgv;
  const hasTsx = argv.some(
    (arg, index) => arg === '--import=tsx' || (arg === 'tsx' && argv[index - 1] === '--import'),
  );
  return hasTsx ? undefined : ['--import', 'tsx'];
}

/**
 * Runs each sync job in a worker thread of its own with SYNC_WORKER_MAX_HEAP_MB of old space. The
 * job queue stays here and hands over only the run id. A worker that dies (out of memory above all)
 * ends its run as FAILED with a message naming the setting, and the API carries on.
 */
export function createSyncWorkerHost(deps: TSyncWorkerHostDeps) {
  const running = new Set<Worker>();
  const inFlight = new Set<Promise<void>>();
  let isStopping = false;

  async function directoryFor(): Promise<TSyncWorkerInput['directory']> {
    try {
      return { access: await deps.getDirectoryAccess() };
    } catch (error) {
      if (isAppError(error)) return { failure: { code: error.code, message: error.message } };
      const failure = describeSyncFailure(error);
      if (!failure.isExpected)
        deps.log.error({ err: error }, 'directory sync: reading the Google connection failed');
      return { failure: { code: failure.code, message: failure.message } };
    }
  }

  function onMessage(message: TSyncWorkerMessage): void {
    if (message.type === 'progress') deps.onProgress(message.runId, message.progress);
    else if (message.type === 'log') deps.log[message.level](message.details, message.message);
  }

  /** Once the dead worker's lock is gone and nobody else took it, its run is ours to close. */
  async function recordDeath(job: TSyncJob, failure: TSyncFailureText): Promise<void> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      const lock = await tryAcquireRunLock(deps.databaseUrl);
      if (lock !== null) {
        try {
          const progress = await recordWorkerDeath(
            deps.prisma,
            { runId: job.runId, isConfirmation: job.kind === 'confirm' },
            failure,
            deps.clock.now(),
          );
          if (progress !== null) deps.onProgress(job.runId, progress);
        } finally {
          await lock.release();
        }
        return;
      }
      if (Date.now() > deadline) {
        deps.log.warn(
          { runId: job.runId },
          'directory sync: the run lock is held elsewhere; leaving the run to it',
        );
        return;
      }
      await sleep(100);
    }
  }

  async function run(job: TSyncJob): Promise<void> {
    if (isStopping) {
      await recordDeath(job, INTERRUPTED);
      return;
    }
    const input: TSyncWorkerInput = {
      job,
      databaseUrl: deps.databaseUrl,
      directory: await directoryFor(),
      settings: (await readSyncSettings(deps.prisma)).settings,
      ...(deps.batchSize === undefined ? {} : { batchSize: deps.batchSize }),
      ...(deps.progressIntervalMs === undefined ? {} : { progressIntervalMs: deps.progressIntervalMs }),
    };
    const execArgv = workerExecArgv();
    let worker: Worker;
    try {
      worker = new Worker(WORKER_ENTRY, {
        workerData: input,
        ...(execArgv === undefined ? {} : { execArgv }),
        resourceLimits: {
          maxOldGenerationSizeMb: deps.maxHeapMb,
          maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
        },
        name: `directory-sync ${job.runId}`,
      });
    } catch (error) {
      deps.log.error({ runId: job.runId, err: error }, 'directory sync: the worker thread could not start');
      await recordDeath(job, describeSyncFailure(error));
      return;
    }
    running.add(worker);
    let isDone = false;
    let crash: unknown;
    worker.on('message', (message: TSyncWorkerMessage) => {
      if (message.type === 'done') isDone = true;
      else onMessage(message);
    });
    worker.on('error', (error) => {
      crash = error;
    });
    await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    running.delete(worker);
    if (isDone) return;

    const isOutOfMemory = (crash as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    let failure: TSyncFailureText;
    if (isStopping) failure = INTERRUPTED;
    else if (isOutOfMemory) failure = outOfMemoryFailure(deps.maxHeapMb);
    else failure = describeSyncFailure(crash);
    deps.log[isOutOfMemory || isStopping ? 'warn' : 'error'](
      { runId: job.runId, kind: job.kind, err: crash, maxHeapMb: deps.maxHeapMb },
      `directory sync worker stopped before the run ended: ${failure.code}`,
    );
    await recordDeath(job, failure);
  }

  return {
    async execute(job: TSyncJob): Promise<void> {
      const execution = run(job);
      inFlight.add(execution);
      try {
        await execution;
      } finally {
        inFlight.delete(execution);
      }
    },
    /** Stops the running workers and waits until their runs are recorded as interrupted. */
    async stop(): Promise<void> {
      isStopping = true;
      await Promise.all([...running].map((worker) => worker.terminate()));
      await Promise.allSettled([...inFlight]);
    },
  };
}

export type TSyncWorkerHost = ReturnType<typeof createSyncWorkerHost>;
