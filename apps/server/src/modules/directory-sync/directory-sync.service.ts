import {
  failUnqueuedRun,
  startConfirmation,
  startRun,
  type TSyncLogger,
  type TSyncProgress,
  type TSyncSettings,
} from '@wac/directory-sync';
import { DirectoryError, GoogleAuthError, type TDirectoryClient, type TListingProgress } from '@wac/google';
import { AppError, isAppError } from '../../errors/app-error';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TAuditActor, TAuditService, TRequestContext } from '../audit/audit.service';
import type { TDirectoryAccess } from '../google-connection';
import { DIRECTORY_SYNC_AUDIT_ACTIONS } from './directory-sync.audit';
import type {
  TGroupListResponse,
  TRunDetail,
  TRunDetailQuery,
  TRunListResponse,
  TRunSummary,
  TSyncSettingsInput,
  TSyncSettingsResponse,
} from './directory-sync.schemas';
import { createGroupScopeService } from './group-scope.service';
import { createStaleUserService } from './stale-user.service';
import { createSyncJobs, type TSyncJob } from './sync.jobs';
import {
  findLatestCommitRun,
  findRunDetail,
  findRunSummary,
  listChanges,
  listRuns,
} from './sync-history.repository';
import { toByReason, toRunSettings, toRunSummary } from './sync-run.mapper';
import { isScheduledRunDue, nextScheduledRunAt } from './sync-schedule';
import { readSyncSettings, writeSyncSettings } from './sync-settings.repository';
import { createSyncWorkerHost } from './sync-worker.host';

export type TGetDirectoryClient = (overrides?: {
  onProgress?: (progress: TListingProgress) => void;
}) => Promise<TDirectoryClient>;

export type TDirectorySyncServiceDeps = {
  prisma: TPrisma;
  databaseUrl: string;
  clock: TClock;
  log: TSyncLogger;
  audit: TAuditService;
  /** For the group picker, in this thread. */
  getDirectoryClient: TGetDirectoryClient;
  /** For the sync worker threads, which build their own client. */
  getDirectoryAccess: () => Promise<TDirectoryAccess>;
  /** Old-generation limit of a sync worker thread (SYNC_WORKER_MAX_HEAP_MB). */
  syncWorkerMaxHeapMb: number;
  batchSize?: number;
  progressIntervalMs?: number;
  pollingIntervalSeconds?: number;
};

export type TActorContext = { actor: TAuditActor; context: TRequestContext };

const GROUP_LIST_LIMIT = 100;
const SCHEDULE_ACTOR: TAuditActor = { userId: null, name: 'schedule' };

function googleRequestFailed(error: unknown): never {
  if (error instanceof DirectoryError || error instanceof GoogleAuthError) {
    throw new AppError('GOOGLE_REQUEST_FAILED', {
      message: error.message,
      details: { googleCode: error.code },
    });
  }
  throw error;
}

export function createDirectorySyncService(deps: TDirectorySyncServiceDeps) {
  const { prisma, clock, audit } = deps;
  const progressListeners = new Set<(runId: string, progress: Readonly<TSyncProgress>) => void>();

  const workers = createSyncWorkerHost({
    prisma,
    databaseUrl: deps.databaseUrl,
    clock,
    log: deps.log,
    maxHeapMb: deps.syncWorkerMaxHeapMb,
    getDirectoryAccess: deps.getDirectoryAccess,
    ...(deps.batchSize === undefined ? {} : { batchSize: deps.batchSize }),
    ...(deps.progressIntervalMs === undefined ? {} : { progressIntervalMs: deps.progressIntervalMs }),
    onProgress: (runId, progress) => {
      for (const listener of progressListeners) listener(runId, progress);
    },
  });

  const groupScope = createGroupScopeService({ getDirectoryClient: deps.getDirectoryClient });
  const staleUsers = createStaleUserService({
    prisma,
    clock,
    audit,
    getDirectoryClient: deps.getDirectoryClient,
  });

  /** Runs the job in a worker thread of its own; see sync-worker.host.ts. */
  const handleJob = (job: TSyncJob): Promise<void> => workers.execute(job);

  async function requestRun(
    isDryRun: boolean,
    trigger: 'MANUAL' | 'SCHEDULED',
    actor: TAuditActor,
    context?: TRequestContext,
  ): Promise<{ runId: string }> {
    const { settings } = await readSyncSettings(prisma);
    const started = await startRun(
      prisma,
      { isDryRun, trigger, requestedBy: { id: actor.userId, name: actor.name }, settings },
      () => clock.now(),
    );
    if (!started.isStarted) {
      throw new AppError('SYNC_ALREADY_RUNNING', {
        message: 'A synchronization is already running. Wait for it to finish, then try again.',
        details: { runId: started.runningRunId },
      });
    }
    await audit.record({
      action: DIRECTORY_SYNC_AUDIT_ACTIONS.runRequested,
      actor,
      target: `sync-run:${started.runId}`,
      details: { isDryRun, trigger },
      ...(context ? { context } : {}),
    });
    await enqueueOrFail({ kind: 'run', runId: started.runId });
    return { runId: started.runId };
  }

  async function enqueueOrFail(job: TSyncJob): Promise<void> {
    try {
      await jobs.enqueue(job);
    } catch (error) {
      deps.log.error({ err: error, runId: job.runId }, 'could not queue a directory sync job');
      await failUnqueuedRun(prisma, job.runId, job.kind === 'confirm', clock.now());
      if (job.kind === 'confirm') {
        throw new AppError('INTERNAL', { message: 'The confirmation could not be queued.', cause: error });
      }
      throw new AppError('INTERNAL', { message: 'The synchronization could not be started.', cause: error });
    }
  }

  async function tick(): Promise<void> {
    const { settings } = await readSyncSettings(prisma);
    const last = await findLatestCommitRun(prisma);
    if (!isScheduledRunDue(settings.schedule, last?.createdAt ?? null, clock.now())) return;
    try {
      await requestRun(false, 'SCHEDULED', SCHEDULE_ACTOR);
    } catch (error) {
      // A manual run in progress: the schedule simply tries again on a later tick.
      if (!(isAppError(error) && error.code === 'SYNC_ALREADY_RUNNING')) throw error;
    }
  }

  const jobs = createSyncJobs({
    databaseUrl: deps.databaseUrl,
    log: deps.log,
    handle: handleJob,
    tick,
    ...(deps.pollingIntervalSeconds === undefined
      ? {}
      : { pollingIntervalSeconds: deps.pollingIntervalSeconds }),
  });

  async function requireRunSummary(id: string): Promise<TRunSummary> {
    const row = await findRunSummary(prisma, id);
    if (row === null)
      throw new AppError('NOT_FOUND', { message: 'There is no synchronization run with this id.' });
    return toRunSummary(row);
  }

  return {
    async getSettings(): Promise<TSyncSettingsResponse> {
      const stored = await readSyncSettings(prisma);
      const last = await findLatestCommitRun(prisma);
      const next = nextScheduledRunAt(stored.settings.schedule, last?.createdAt ?? null, clock.now());
      return {
        ...stored.settings,
        updatedAt: stored.updatedAt?.toISOString() ?? null,
        updatedBy: stored.updatedByName,
        nextScheduledRunAt: next?.toISOString() ?? null,
      };
    },

    async updateSettings(input: TSyncSettingsInput, { actor, context }: TActorContext) {
      const settings: TSyncSettings = {
        ...input,
        defaultPrivileges: [...new Set(input.defaultPrivileges)],
        defaultArchiveAccess: [...new Set(input.defaultArchiveAccess)],
      };
      await prisma.$transaction(async (tx) => {
        await writeSyncSettings(tx, settings, actor.name);
        await audit.record(
          {
            action: DIRECTORY_SYNC_AUDIT_ACTIONS.settingsUpdated,
            actor,
            target: 'directory-sync:settings',
            details: {
              groups: settings.groups.map((group) => group.email),
              autoDelete: settings.autoDelete,
              defaultPrivileges: settings.defaultPrivileges,
              defaultArchiveAccess: settings.defaultArchiveAccess,
              deletionThreshold: settings.deletionThreshold,
              schedule: settings.schedule,
            },
            context,
          },
          tx,
        );
      });
      return this.getSettings();
    },

    async listGroups(search: string): Promise<TGroupListResponse> {
      const directory = await deps.getDirectoryClient();
      const needle = search.toLowerCase();
      const matches = [];
      try {
        for await (const group of directory.groups()) {
          const isMatch =
            needle === '' ||
            group.email.toLowerCase().includes(needle) ||
            group.name.toLowerCase().includes(needle);
          if (isMatch) matches.push(group);
        }
      } catch (error) {
        googleRequestFailed(error);
      }
      matches.sort((a, b) => a.email.localeCompare(b.email));
      return {
        items: matches.slice(0, GROUP_LIST_LIMIT).map(({ id, email, name, directMembersCount }) => ({
          id,
          email,
          name,
          directMembersCount,
        })),
        total: matches.length,
        isTruncated: matches.length > GROUP_LIST_LIMIT,
      };
    },

    startTest: ({ actor, context }: TActorContext) => requestRun(true, 'MANUAL', actor, context),
    startSync: ({ actor, context }: TActorContext) => requestRun(false, 'MANUAL', actor, context),

    async listRuns(page: number, pageSize: number): Promise<TRunListResponse> {
      const { items, total } = await listRuns(prisma, page, pageSize);
      return { items: items.map(toRunSummary), total, page, pageSize };
    },

    getRunSummary: requireRunSummary,

    async getRun(id: string, query: TRunDetailQuery): Promise<TRunDetail> {
      const row = await findRunDetail(prisma, id);
      if (row === null)
        throw new AppError('NOT_FOUND', { message: 'There is no synchronization run with this id.' });
      const changes = await listChanges(prisma, id, query);
      return {
        ...toRunSummary(row),
        byReason: toByReason(row.summary),
        settings: toRunSettings(row.settings),
        changes: {
          items: changes.items.map((change) => ({
            id: change.id.toString(),
            kind: change.kind,
            outcome: change.outcome,
            userId: change.userId,
            userName: change.userName,
            reason: change.reason,
            reasonText: change.reasonText,
            diff: (change.diff as { field: string; from: unknown; to: unknown }[] | null) ?? null,
          })),
          total: changes.total,
          page: query.page,
          pageSize: query.pageSize,
          kind: query.kind ?? null,
        },
      };
    },

    async confirmDeletions(id: string, { actor, context }: TActorContext): Promise<{ runId: string }> {
      const started = await startConfirmation(
        prisma,
        id,
        { id: actor.userId, name: actor.name },
        clock.now(),
      );
      switch (started.outcome) {
        case 'not-found':
          throw new AppError('NOT_FOUND', { message: 'There is no synchronization run with this id.' });
        case 'running':
          throw new AppError('SYNC_ALREADY_RUNNING', {
            message: 'A synchronization is running. Confirm the deletions once it has finished.',
            details: { runId: started.runningRunId },
          });
        case 'not-held':
          throw new AppError('SYNC_RUN_NOT_HELD', {
            message: 'This run has no deletions waiting for confirmation.',
          });
        case 'superseded':
          throw new AppError('SYNC_RUN_SUPERSEDED', {
            message: 'A newer synchronization ran since; review its plan instead.',
            details: { runId: started.latestRunId },
          });
      }
      await audit.record({
        action: DIRECTORY_SYNC_AUDIT_ACTIONS.deletionsConfirmed,
        actor,
        target: `sync-run:${id}`,
        context,
      });
      await enqueueOrFail({ kind: 'confirm', runId: id });
      return { runId: id };
    },

    removeStaleUser: staleUsers.removeStaleUser,
    checkGroupScope: groupScope.checkGroupScope,

    /** Live progress of runs executing in this process (other instances' runs come from the database). */
    onProgress(listener: (runId: string, progress: Readonly<TSyncProgress>) => void): () => void {
      progressListeners.add(listener);
      return () => progressListeners.delete(listener);
    },

    handleJob,
    tick,
    startWorker: () => jobs.startWorker(),
    async stop(): Promise<void> {
      await workers.stop();
      await jobs.stop();
    },
  };
}

export type TDirectorySyncService = ReturnType<typeof createDirectorySyncService>;
