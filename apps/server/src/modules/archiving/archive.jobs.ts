import { PgBoss } from 'pg-boss';

export const ARCHIVE_MAILBOX_QUEUE = 'archive-mailbox';
export const ARCHIVE_TICK_QUEUE = 'archive-tick';
const BOSS_SCHEMA = 'pgboss';
// Every mailbox job is in this one group, so groupConcurrency caps mailboxes across all instances.
const MAILBOX_GROUP = 'archive-mailboxes';
const SINGLETON_CACHE_SECONDS = 2;

/** Payloads carry ids only: the mailbox row of the run holds everything else. */
export type TArchiveMailboxJob = { mailboxRunId: string };

export type TArchiveJobsLog = {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type TArchiveJobsDeps = {
  databaseUrl: string;
  log: TArchiveJobsLog;
  handle: (job: TArchiveMailboxJob) => Promise<void>;
  tick: () => Promise<void>;
  /** Mailboxes archived at once across every instance (ARCHIVE_MAX_MAILBOXES). */
  maxMailboxes: number;
  pollingIntervalSeconds?: number;
  /** The mailbox handler's heartbeat; pg-boss fails a job of a dead worker after three missed. */
  heartbeatSeconds?: number;
};

/**
 * One pg-boss job per mailbox. The singleton policy keyed by the mailbox's address lets at most
 * one job per mailbox be active across every instance, so two runs (a schedule overlapping Run now)
 * queue behind each other instead of archiving one mailbox twice; the handler also takes an
 * advisory lock per mailbox in case a job is re-delivered while an old worker still holds it.
 */
export function createArchiveJobs(deps: TArchiveJobsDeps) {
  let boss: PgBoss | null = null;
  let starting: Promise<PgBoss> | null = null;
  let isWorking = false;
  let workerId: string | null = null;

  async function start(): Promise<PgBoss> {
    const instance = new PgBoss({
      connectionString: deps.databaseUrl,
      schema: BOSS_SCHEMA,
      max: 4,
      application_name: 'wac-archive-jobs',
      // A fetch skips the keys the queue's cached stats list as active; until that cache knows a
      // mailbox is busy, its next job sits at the head of the queue, fails to activate (the singleton
      // index) and holds back every other mailbox. Refreshing every few seconds, not every minute,
      // keeps that stall short when runs overlap.
      superviseIntervalSeconds: SINGLETON_CACHE_SECONDS,
      monitorIntervalSeconds: SINGLETON_CACHE_SECONDS,
      queueCacheIntervalSeconds: SINGLETON_CACHE_SECONDS,
    });
    instance.on('error', (error: unknown) => deps.log.error({ err: error }, 'archive job queue error'));
    await instance.start();
    await instance.createQueue(ARCHIVE_MAILBOX_QUEUE, {
      policy: 'singleton',
      // Pauses and retries are the run's own business (resumeAt on the mailbox row), not pg-boss's.
      retryLimit: 0,
      // A first archive of a big mailbox downloads for hours; the heartbeat says the worker is alive.
      expireInSeconds: 24 * 60 * 60,
      // pg-boss refuses less than 10 s. A job of a killed instance must fail before the tick takes its
      // mailbox for crashed (six heartbeats), or the singleton key would refuse the re-queued job.
      heartbeatSeconds: Math.max(10, Math.ceil((deps.heartbeatSeconds ?? 20) * 3)),
    });
    await instance.createQueue(ARCHIVE_TICK_QUEUE, {
      policy: 'stately',
      retryLimit: 0,
      expireInSeconds: 300,
    });
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
    /** False when the queue refused the job (its singleton key is still taken): nothing was queued. */
    async enqueue(job: TArchiveMailboxJob, mailboxKey: string, startAfter?: Date): Promise<boolean> {
      const instance = await ensureStarted();
      const id = await instance.send(ARCHIVE_MAILBOX_QUEUE, job, {
        singletonKey: `mailbox:${mailboxKey}`,
        group: { id: MAILBOX_GROUP },
        ...(startAfter ? { startAfter } : {}),
      });
      if (workerId !== null && startAfter === undefined) instance.notifyWorker(workerId);
      return id !== null;
    },

    async enqueueMany(jobs: { job: TArchiveMailboxJob; mailboxKey: string }[]): Promise<void> {
      const instance = await ensureStarted();
      await instance.insert(
        ARCHIVE_MAILBOX_QUEUE,
        jobs.map(({ job, mailboxKey }) => ({
          data: job,
          singletonKey: `mailbox:${mailboxKey}`,
          group: { id: MAILBOX_GROUP },
        })),
      );
      if (workerId !== null) instance.notifyWorker(workerId);
    },

    async startWorker(): Promise<void> {
      if (isWorking) return;
      isWorking = true;
      const instance = await ensureStarted();
      workerId = await instance.work<TArchiveMailboxJob>(
        ARCHIVE_MAILBOX_QUEUE,
        {
          pollingIntervalSeconds: deps.pollingIntervalSeconds ?? 1,
          localConcurrency: deps.maxMailboxes,
          groupConcurrency: deps.maxMailboxes,
        },
        async ([job]) => {
          if (job) await deps.handle(job.data);
        },
      );
      await instance.work(ARCHIVE_TICK_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
        await deps.tick();
      });
      await instance.schedule(ARCHIVE_TICK_QUEUE, '* * * * *');
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

export type TArchiveJobs = ReturnType<typeof createArchiveJobs>;
