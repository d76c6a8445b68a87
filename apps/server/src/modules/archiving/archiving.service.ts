import { AppError } from '../../errors/app-error';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TAuditActor, TAuditService, TRequestContext } from '../audit/audit.service';
import { createArchiveJobs } from './archive.jobs';
import { findUserNames, readProfile, type TStoredProfile, writeProfile } from './archive-profile.repository';
import { BYTES_PER_MB, toMailboxReport, toRunSummary } from './archive-run.mapper';
import {
  aggregateRuns,
  createRun,
  failRun,
  findLatestArchiveRun,
  findRun,
  listMailboxes,
  listRuns,
  refreshRunStatus,
  requeueResumableMailboxes,
  requeueStaleMailboxes,
  restoreMailboxStatus,
} from './archive-run.repository';
import { isScheduledRunDue, nextScheduledRunAt } from './archive-schedule';
import { ARCHIVING_AUDIT_ACTIONS } from './archiving.audit';
import {
  GMAIL_DAILY_DOWNLOAD_MB,
  type TArchiveProfile,
  type TArchiveProfileInput,
  type TArchiveRunDetail,
  type TArchiveRunDetailQuery,
  type TArchiveRunList,
  type TArchiveRunProgress,
  type TArchiveRunSummary,
} from './archiving.schemas';
import {
  createMailboxJobHandler,
  HEARTBEAT_MS,
  type TMailboxJobHandlerDeps,
  type TMailboxJobLog,
} from './mailbox-job.handler';
import type { TEstimateMailbox, TRunMailbox } from './mailbox-runner.types';
import { selectMailboxes, type TExpandGroupMembers } from './mailbox-selection';

export type TArchivingLimits = {
  maxMailboxes: number;
  connectionsPerAccount: number;
  dailyBudgetBytes: number;
};

export type TArchivingServiceDeps = {
  prisma: TPrisma;
  databaseUrl: string;
  clock: TClock;
  log: TMailboxJobLog;
  audit: TAuditService;
  limits: TArchivingLimits;
  /** The IMAP archiver for one mailbox (@wac/mail's archiveMailbox in production). */
  runMailbox: TRunMailbox;
  estimateMailbox: TEstimateMailbox;
  /** Members of Google groups, for profiles that archive group members. */
  expandGroupMembers: TExpandGroupMembers;
  pollingIntervalSeconds?: number;
  progressIntervalMs?: number;
  /** ARCHIVE_HEARTBEAT_SECONDS in ms; a mailbox silent for six of them is taken for crashed. */
  heartbeatMs?: number;
  onMailboxFinished?: TMailboxJobHandlerDeps['onFinished'];
};

export type TActorContext = { actor: TAuditActor; context: TRequestContext };

const SCHEDULE_ACTOR: TAuditActor = { userId: null, name: 'schedule' };
// Several missed heartbeats: the instance running the mailbox is gone.
const STALE_HEARTBEATS = 6;

export function createArchivingService(deps: TArchivingServiceDeps) {
  const { prisma, clock, audit, limits } = deps;
  const heartbeatMs = deps.heartbeatMs ?? HEARTBEAT_MS;
  const staleRunningMs = heartbeatMs * STALE_HEARTBEATS;
  const listeners = new Set<(runId: string) => void>();
  const notify = (runId: string) => {
    for (const listener of listeners) listener(runId);
  };

  const handler = createMailboxJobHandler({
    prisma,
    databaseUrl: deps.databaseUrl,
    clock,
    log: deps.log,
    runMailbox: deps.runMailbox,
    estimateMailbox: deps.estimateMailbox,
    dailyBudgetBytes: limits.dailyBudgetBytes,
    connectionsPerAccount: limits.connectionsPerAccount,
    requeue: async (job, key, startAfter) => {
      await jobs.enqueue(job, key, startAfter);
    },
    notify,
    heartbeatMs,
    ...(deps.onMailboxFinished === undefined ? {} : { onFinished: deps.onMailboxFinished }),
    ...(deps.progressIntervalMs === undefined ? {} : { progressIntervalMs: deps.progressIntervalMs }),
  });

  const jobs = createArchiveJobs({
    databaseUrl: deps.databaseUrl,
    log: deps.log,
    handle: (job) => handler.handle(job),
    tick: () => tick(),
    maxMailboxes: limits.maxMailboxes,
    heartbeatSeconds: heartbeatMs / 1000,
    ...(deps.pollingIntervalSeconds === undefined
      ? {}
      : { pollingIntervalSeconds: deps.pollingIntervalSeconds }),
  });

  async function requestRun(
    isEstimate: boolean,
    trigger: 'MANUAL' | 'SCHEDULED',
    actor: TAuditActor,
    context?: TRequestContext,
  ): Promise<{ runId: string; mailboxCount: number }> {
    const { profile } = await readProfile(prisma);
    const mailboxes = await selectMailboxes(prisma, profile, deps.expandGroupMembers);
    if (mailboxes.length === 0) {
      throw new AppError('ARCHIVE_NO_MAILBOXES', {
        message: profile.mailboxes.requireArchivePrivilege
          ? 'The archiving profile selects no mailboxes: no synchronized, active user in it holds the "archive" privilege.'
          : 'The archiving profile selects no mailboxes: it contains no synchronized, active user.',
      });
    }
    const { runId, mailboxIds } = await prisma.$transaction(async (tx) => {
      const created = await createRun(tx, {
        isEstimate,
        trigger,
        requestedBy: { id: actor.userId, name: actor.name },
        profile,
        mailboxes,
        now: clock.now(),
      });
      await audit.record(
        {
          action: isEstimate
            ? ARCHIVING_AUDIT_ACTIONS.estimateRequested
            : ARCHIVING_AUDIT_ACTIONS.runRequested,
          actor,
          target: `archive-run:${created.runId}`,
          details: { trigger, mailboxCount: mailboxes.length },
          ...(context ? { context } : {}),
        },
        tx,
      );
      return created;
    });
    try {
      await jobs.enqueueMany(
        mailboxIds.map((id, index) => ({
          job: { mailboxRunId: id },
          mailboxKey: mailboxes[index]!.userEmail,
        })),
      );
    } catch (error) {
      deps.log.error({ err: error, runId }, 'archive: could not queue the mailbox jobs');
      await failRun(
        prisma,
        runId,
        { code: 'QUEUE_UNAVAILABLE', message: 'The job queue could not take the run. Nothing was archived.' },
        clock.now(),
      );
      throw new AppError('INTERNAL', { message: 'The archive run could not be started.', cause: error });
    }
    return { runId, mailboxCount: mailboxes.length };
  }

  /** Every minute on one instance: scheduled runs, paused mailboxes whose wait is over, crashed ones. */
  async function tick(): Promise<void> {
    const now = clock.now();
    const resumable = await requeueResumableMailboxes(prisma, now);
    const stale = await requeueStaleMailboxes(prisma, new Date(now.getTime() - staleRunningMs));
    for (const row of [...resumable, ...stale]) {
      if (await jobs.enqueue({ mailboxRunId: row.id }, row.userEmail)) continue;
      // The queue still counts a dead instance's job for this mailbox as active until its heartbeat
      // lapses; a row left QUEUED without a job would wait forever, so it goes back to what it was
      // and the next tick tries again.
      deps.log.warn(
        { mailboxRunId: row.id },
        'archive: mailbox not re-queued yet, its old job is still active',
      );
      await restoreMailboxStatus(prisma, row);
    }
    // A paused run whose mailboxes are queued again is running again.
    for (const runId of new Set([...resumable, ...stale].map((row) => row.runId))) {
      await refreshRunStatus(prisma, runId, now);
      notify(runId);
    }
    const stored = await readProfile(prisma);
    if (!isScheduledRunDue(stored.profile.schedule, await scheduleBaseline(stored.updatedAt), now)) return;
    // A first archive spread over days by the budget would otherwise gather a queued run per slot.
    const last = await findLatestArchiveRun(prisma);
    if (last?.status === 'QUEUED' || last?.status === 'RUNNING') {
      deps.log.info(
        { status: last.status },
        'archive: scheduled run skipped, the previous one is still going',
      );
      return;
    }
    try {
      await requestRun(false, 'SCHEDULED', SCHEDULE_ACTOR);
    } catch (error) {
      deps.log.warn({ err: error }, 'archive: the scheduled run did not start');
    }
  }

  async function toProfileResponse(
    stored: Awaited<ReturnType<typeof readProfile>>,
  ): Promise<TArchiveProfile> {
    const { profile } = stored;
    const next = nextScheduledRunAt(profile.schedule, await scheduleBaseline(stored.updatedAt), clock.now());
    return {
      mailboxes: {
        scope: profile.mailboxes.scope,
        groups: profile.mailboxes.groups,
        users: await findUserNames(prisma, profile.mailboxes.userIds),
        requireArchivePrivilege: profile.mailboxes.requireArchivePrivilege,
      },
      folders: profile.folders,
      schedule: profile.schedule,
      limits: {
        maxMailboxes: limits.maxMailboxes,
        connectionsPerAccount: limits.connectionsPerAccount,
        dailyBudgetMb: Math.round(limits.dailyBudgetBytes / BYTES_PER_MB),
        gmailDailyDownloadMb: GMAIL_DAILY_DOWNLOAD_MB,
      },
      updatedAt: stored.updatedAt?.toISOString() ?? null,
      updatedBy: stored.updatedByName,
      nextScheduledRunAt: next?.toISOString() ?? null,
    };
  }

  /**
   * The schedule fires at its first slot after both the latest run and the profile's last save, so
   * saving "daily at 02:00" in the afternoon waits for 02:00 rather than starting a run at once.
   */
  async function scheduleBaseline(profileSavedAt: Date | null): Promise<Date | null> {
    const last = await findLatestArchiveRun(prisma);
    const times = [last?.createdAt, profileSavedAt].filter((time): time is Date => time instanceof Date);
    return times.length === 0 ? null : new Date(Math.max(...times.map((time) => time.getTime())));
  }

  async function requireRunSummary(id: string): Promise<TArchiveRunSummary> {
    const row = await findRun(prisma, id);
    if (row === null) throw new AppError('NOT_FOUND', { message: 'There is no archive run with this id.' });
    return toRunSummary(row, (await aggregateRuns(prisma, [id])).get(id));
  }

  return {
    async getProfile(): Promise<TArchiveProfile> {
      return toProfileResponse(await readProfile(prisma));
    },

    async updateProfile(
      input: TArchiveProfileInput,
      { actor, context }: TActorContext,
    ): Promise<TArchiveProfile> {
      const profile: TStoredProfile = {
        mailboxes: {
          scope: input.mailboxes.scope,
          groups: input.mailboxes.scope === 'GROUP_MEMBERS' ? input.mailboxes.groups : [],
          userIds: input.mailboxes.scope === 'CHOSEN_USERS' ? [...new Set(input.mailboxes.userIds)] : [],
          requireArchivePrivilege: input.mailboxes.requireArchivePrivilege,
        },
        folders: {
          includeSpam: input.folders.includeSpam,
          includeTrash: input.folders.includeTrash,
          include: [...new Set(input.folders.include)],
          exclude: [...new Set(input.folders.exclude)],
        },
        schedule: input.schedule,
      };
      await prisma.$transaction(async (tx) => {
        await writeProfile(tx, profile, actor.name, clock.now());
        await audit.record(
          {
            action: ARCHIVING_AUDIT_ACTIONS.profileUpdated,
            actor,
            target: 'archiving:profile',
            details: {
              mailboxes: {
                scope: profile.mailboxes.scope,
                groups: profile.mailboxes.groups.map((group) => group.email),
                userIds: profile.mailboxes.userIds,
                requireArchivePrivilege: profile.mailboxes.requireArchivePrivilege,
              },
              folders: profile.folders,
              schedule: profile.schedule,
            },
            context,
          },
          tx,
        );
      });
      return this.getProfile();
    },

    startEstimate: ({ actor, context }: TActorContext) => requestRun(true, 'MANUAL', actor, context),
    startRun: ({ actor, context }: TActorContext) => requestRun(false, 'MANUAL', actor, context),

    async listRuns(page: number, pageSize: number): Promise<TArchiveRunList> {
      const { items, total } = await listRuns(prisma, page, pageSize);
      const aggregates = await aggregateRuns(
        prisma,
        items.map((item) => item.id),
      );
      return {
        items: items.map((item) => toRunSummary(item, aggregates.get(item.id))),
        total,
        page,
        pageSize,
      };
    },

    getRunSummary: requireRunSummary,

    /** The run's overall figures and each running mailbox's progress: one event of its live stream. */
    async getRunProgress(id: string): Promise<TArchiveRunProgress> {
      const run = await requireRunSummary(id);
      const running =
        run.mailboxes.running === 0
          ? []
          : await listMailboxes(prisma, id, { page: 1, pageSize: 100, status: 'RUNNING' });
      return { run, running: running.map((mailbox) => toMailboxReport(mailbox, dailyDownloadBytes())) };
    },

    async getRun(id: string, query: TArchiveRunDetailQuery): Promise<TArchiveRunDetail> {
      const row = await findRun(prisma, id);
      if (row === null) throw new AppError('NOT_FOUND', { message: 'There is no archive run with this id.' });
      const [aggregates, mailboxes] = await Promise.all([
        aggregateRuns(prisma, [id]),
        listMailboxes(prisma, id, query),
      ]);
      return {
        ...toRunSummary(row, aggregates.get(id)),
        profile: row.profile,
        items: mailboxes.map((mailbox) => toMailboxReport(mailbox, dailyDownloadBytes())),
      };
    },

    /** A run's rows changed in this process; other instances' runs are read from the database. */
    onRunChanged(listener: (runId: string) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    handleJob: (job: { mailboxRunId: string }) => handler.handle(job),
    tick,
    startWorker: () => jobs.startWorker(),
    async stop(): Promise<void> {
      handler.abortAll();
      await jobs.stop();
    },
  };

  /** What one day may download: the budget, and never more than Gmail's own limit. */
  function dailyDownloadBytes(): number {
    return Math.min(limits.dailyBudgetBytes, GMAIL_DAILY_DOWNLOAD_MB * BYTES_PER_MB);
  }
}

export type TArchivingService = ReturnType<typeof createArchivingService>;
