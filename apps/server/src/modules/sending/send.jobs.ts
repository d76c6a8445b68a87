import { PgBoss } from 'pg-boss';

export const SEND_QUEUE = 'send-message';
export const NOTIFY_TICK_QUEUE = 'send-notify-tick';
const BOSS_SCHEMA = 'pgboss';

/** Payloads carry ids only: the send_messages row holds the composed message. */
export type TSendJob = { sendMessageId: string };

export type TSendJobsDeps = {
  databaseUrl: string;
  log: { error(obj: object, msg?: string): void };
  handle: (job: TSendJob) => Promise<void>;
  /** Each minute: the admin notifications' watcher. */
  tick: () => Promise<void>;
  /** Messages in flight at once on this instance (SEND_CONCURRENCY): one SMTP connection each. */
  concurrency: number;
  pollingIntervalSeconds?: number;
};

/**
 * One pg-boss job per message. Retries after Gmail's "try again" are new jobs with startAfter,
 * scheduled by the handler, which knows the attempt count and the backoff; pg-boss's own retry
 * only covers a worker that died mid-job (the row then says so and the next attempt is uncertain).
 */
export function createSendJobs(deps: TSendJobsDeps) {
  let boss: PgBoss | null = null;
  let starting: Promise<PgBoss> | null = null;
  let isWorking = false;
  let workerId: string | null = null;

  async function start(): Promise<PgBoss> {
    const instance = new PgBoss({
      connectionString: deps.databaseUrl,
      schema: BOSS_SCHEMA,
      max: Math.min(4 + deps.concurrency, 20),
      application_name: 'wac-send-jobs',
    });
    instance.on('error', (error: unknown) => deps.log.error({ err: error }, 'send job queue error'));
    await instance.start();
    await instance.createQueue(SEND_QUEUE, {
      policy: 'standard',
      retryLimit: 2,
      retryDelay: 60,
      // Connect, greeting and each SMTP reply may take up to a minute.
      expireInSeconds: 10 * 60,
    });
    await instance.createQueue(NOTIFY_TICK_QUEUE, { policy: 'stately', retryLimit: 0, expireInSeconds: 300 });
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
    async enqueue(job: TSendJob, startAfter?: Date): Promise<void> {
      const instance = await ensureStarted();
      await instance.send(SEND_QUEUE, job, startAfter ? { startAfter } : {});
      // The API answers at once; the worker on this instance should not wait for its next poll.
      if (workerId !== null && startAfter === undefined) instance.notifyWorker(workerId);
    },

    async startWorker(): Promise<void> {
      if (isWorking) return;
      isWorking = true;
      const instance = await ensureStarted();
      // Two fetch loops taking several jobs each keep `concurrency` messages in flight with a
      // fraction of the queue round trips one job per fetch would cost; the handler never throws
      // for a refused message, so one message cannot fail its batch-mates.
      const loops = Math.min(2, deps.concurrency);
      workerId = await instance.work<TSendJob>(
        SEND_QUEUE,
        {
          pollingIntervalSeconds: deps.pollingIntervalSeconds ?? 0.5,
          localConcurrency: loops,
          batchSize: Math.ceil(deps.concurrency / loops),
        },
        async (jobs) => {
          await Promise.all(jobs.map((job) => deps.handle(job.data)));
        },
      );
      await instance.work(NOTIFY_TICK_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
        await deps.tick();
      });
      await instance.schedule(NOTIFY_TICK_QUEUE, '* * * * *');
    },

    async stop(): Promise<void> {
      const instance = boss ?? (starting ? await starting.catch(() => null) : null);
      boss = null;
      starting = null;
      isWorking = false;
      workerId = null;
      await instance?.stop({ graceful: true, timeout: 20_000 });
    },
  };
}

export type TSendJobs = ReturnType<typeof createSendJobs>;
