import type { TSyncLogger } from '@wac/directory-sync';
import { PgBoss } from 'pg-boss';

export const SYNC_QUEUE = 'directory-sync';
export const SYNC_TICK_QUEUE = 'directory-sync-tick';
const SINGLETON_KEY = 'directory-sync';
const BOSS_SCHEMA = 'pgboss';

/** Payloads carry ids only: the run row holds everything else. */
export type TSyncJob = { kind: 'run' | 'confirm'; runId: string };

export type TSyncJobsDeps = {
  databaseUrl: string;
  log: TSyncLogger;
  handle: (job: TSyncJob) => Promise<void>;
  tick: () => Promise<void>;
  /** How often an idle worker looks for a job; Test Settings waits this long at most to start. */
  pollingIntervalSeconds?: number;
};

/**
 * pg-boss on the app's own Postgres (schema pgboss). The sync queue's singleton policy lets
 * only one sync job be active across every instance; cron only enqueues ticks, and the tick
 * decides whether a scheduled sync is due. Started lazily for sending, and as a worker only
 * when the app serves (startWorker), so request-only test apps never poll.
 */
export function createSyncJobs(deps: TSyncJobsDeps) {
  let boss: PgBoss | null = null;
  let starting: Promise<PgBoss> | null = null;
  let isWorking = false;
  let syncWorkerId: string | null = null;

  async function start(): Promise<PgBoss> {
    const instance = new PgBoss({
      connectionString: deps.databaseUrl,
      schema: BOSS_SCHEMA,
      max: 4,
      application_name: 'wac-jobs',
    });
    instance.on('error', (error: unknown) => deps.log.error({ err: error }, 'job queue error'));
    await instance.start();
    await instance.createQueue(SYNC_QUEUE, {
      policy: 'singleton',
      // A sync is not retried behind the admin's back; a failed run is in the history instead.
      retryLimit: 0,
      expireInSeconds: 6 * 60 * 60,
      // The worker refreshes this while it runs; a crashed instance's job is released after it.
      heartbeatSeconds: 30,
    });
    await instance.createQueue(SYNC_TICK_QUEUE, { policy: 'stately', retryLimit: 0, expireInSeconds: 300 });
    boss = instance;
    return instance;
  }

  function ensureStarted(): Promise<PgBoss> {
    if (boss) return Promise.resolve(boss);
    starting ??= start().catch((error: unknown) => {
      starting = null;
      throw error;
    });
    return starting;
  }

  return {
    async enqueue(job: TSyncJob): Promise<void> {
      const instance = await ensureStarted();
      await instance.send(SYNC_QUEUE, job, { singletonKey: SINGLETON_KEY });
      // An admin waiting on Synchronize now should not wait for the next poll of this instance.
      if (syncWorkerId !== null) instance.notifyWorker(syncWorkerId);
    },

    async startWorker(): Promise<void> {
      if (isWorking) return;
      isWorking = true;
      const instance = await ensureStarted();
      const polling = { pollingIntervalSeconds: deps.pollingIntervalSeconds ?? 1, localConcurrency: 1 };
      syncWorkerId = await instance.work<TSyncJob>(SYNC_QUEUE, polling, async ([job]) => {
        if (job) await deps.handle(job.data);
      });
      await instance.work(SYNC_TICK_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
        await deps.tick();
      });
      await instance.schedule(SYNC_TICK_QUEUE, '* * * * *');
    },

    async stop(): Promise<void> {
      const instance = boss ?? (starting ? await starting.catch(() => null) : null);
      boss = null;
      starting = null;
      isWorking = false;
      syncWorkerId = null;
      await instance?.stop({ graceful: true, timeout: 20_000 });
    },
  };
}

export type TSyncJobs = ReturnType<typeof createSyncJobs>;
