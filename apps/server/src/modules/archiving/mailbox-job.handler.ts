import type { TMailboxProblem, TMailboxProgress, TMailboxRunResult, TMailboxTarget } from '@wac/mail';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TArchiveMailboxJob } from './archive.jobs';
import type { TStoredProfile } from './archive-profile.repository';
import {
  aggregateRuns,
  claimMailbox,
  findMailbox,
  finishMailbox,
  refreshRunStatus,
  releaseMailbox,
  saveMailboxProgress,
  type TMailboxOutcome,
} from './archive-run.repository';
import {
  BUDGET_WINDOW_MS,
  budgetFreesAt,
  bytesDownloadedSince,
  recordDownload,
} from './download-ledger.repository';
import { tryLockMailbox } from './mailbox-lock';
import type { TEstimateMailbox, TRunMailbox } from './mailbox-runner.types';

export type TMailboxJobLog = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type TMailboxJobHandlerDeps = {
  prisma: TPrisma;
  databaseUrl: string;
  clock: TClock;
  log: TMailboxJobLog;
  runMailbox: TRunMailbox;
  estimateMailbox: TEstimateMailbox;
  dailyBudgetBytes: number;
  connectionsPerAccount: number;
  /** Queues the job again, e.g. when another instance still holds the mailbox's lock. */
  requeue: (job: TArchiveMailboxJob, mailboxKey: string, startAfter: Date) => Promise<void>;
  /** A run's rows changed (progress or verdict): open event streams look again at once. */
  notify: (runId: string) => void;
  progressIntervalMs?: number;
  /** How often a running mailbox's row is touched (ARCHIVE_HEARTBEAT_SECONDS); default HEARTBEAT_MS. */
  heartbeatMs?: number;
  /** Told each mailbox's verdict once it is recorded (metrics count quota pauses from it). */
  onFinished?: (outcome: { status: TMailboxOutcome['status']; problemCode: string | null }) => void;
};

const LOCK_RETRY_MS = 30_000;
// Written even when the archiver reports no progress (one big message), so a live RUNNING row is
// never taken for a crashed one by the tick (see STALE_RUNNING_MS in archiving.service.ts).
export const HEARTBEAT_MS = 20_000;
const PAUSE_FALLBACK_MS = 15 * 60 * 1000;
// Operators follow long first runs in the log too: one line per mailbox at most every 5 s keeps
// twenty running mailboxes readable while still showing a stalled one within seconds.
export const PROGRESS_LOG_MS = 5_000;

const BUDGET_REMEDY =
  'Nothing to do: the mailbox resumes by itself when the rolling 24-hour budget (ARCHIVE_DAILY_BUDGET_MB) allows. Raise the budget only if Gmail’s own 2,500 MB a day leaves room.';

const UNEXPECTED_PROBLEM: Omit<TMailboxProblem, 'message'> = {
  code: 'UNEXPECTED',
  remedy: 'Run it again; if it keeps failing, the server log has the details under this mailbox’s address.',
};

const VERDICT: Record<TMailboxRunResult['status'], TMailboxOutcome['status']> = {
  complete: 'COMPLETE',
  incomplete: 'INCOMPLETE',
  failed: 'FAILED',
  paused: 'PAUSED',
};

function targetOf(
  row: { archiveFolderId: string; userEmail: string },
  profile: TStoredProfile,
): TMailboxTarget {
  return {
    archiveFolderId: row.archiveFolderId,
    userEmail: row.userEmail,
    folders: {
      includeSpam: profile.folders.includeSpam,
      includeTrash: profile.folders.includeTrash,
      include: profile.folders.include,
      exclude: profile.folders.exclude,
    },
  };
}

/**
 * Archives (or estimates) one mailbox of a run: takes the mailbox's lock, checks the download
 * budget, calls the archiver, keeps the ledger and the report, then re-derives the run's status.
 * Never throws for a mailbox's own trouble: that is the mailbox's verdict, not a job failure.
 */
export function createMailboxJobHandler(deps: TMailboxJobHandlerDeps) {
  const { prisma, clock, log } = deps;
  const controllers = new Set<AbortController>();
  let isStopping = false;

  async function handle(job: TArchiveMailboxJob): Promise<void> {
    const row = await findMailbox(prisma, job.mailboxRunId);
    if (row === null || row.status !== 'QUEUED') return;
    const lock = await tryLockMailbox(deps.databaseUrl, row.userEmail);
    if (lock === null) {
      log.info({ mailbox: row.userEmail, runId: row.runId }, 'archive: mailbox busy elsewhere, queued again');
      await deps.requeue(job, row.userEmail, new Date(clock.now().getTime() + LOCK_RETRY_MS));
      return;
    }
    try {
      if (!(await claimMailbox(prisma, row.id, clock.now()))) return;
      await refreshRunStatus(prisma, row.runId, clock.now());
      deps.notify(row.runId);
      // With several instances, the log of the one that took the mailbox is where its trouble shows.
      log.info({ mailbox: row.userEmail, runId: row.runId }, 'archive: mailbox started');
      const target = targetOf(row, row.run.profile as unknown as TStoredProfile);
      const outcome = row.run.isEstimate ? await estimate(target) : await archive(row.id, row.runId, target);
      if (isStopping) {
        // The server is shutting down: the archiver stopped at a checkpoint, so the mailbox simply
        // goes back to the queue and carries on from there after the restart.
        await releaseMailbox(prisma, row.id);
        await deps
          .requeue(job, row.userEmail, clock.now())
          .catch((error: unknown) =>
            log.warn({ err: error, mailbox: row.userEmail }, 'archive: not queued again; the tick will'),
          );
        return;
      }
      await finishMailbox(prisma, row.id, outcome, clock.now());
      deps.onFinished?.({ status: outcome.status, problemCode: outcome.problem?.code ?? null });
      log.info(
        { mailbox: row.userEmail, runId: row.runId, status: outcome.status, problem: outcome.problem?.code },
        row.run.isEstimate ? 'archive: mailbox estimated' : 'archive: mailbox finished',
      );
    } finally {
      await lock.release();
      const finished = await refreshRunStatus(prisma, row.runId, clock.now()).catch((error: unknown) => {
        log.error({ err: error, runId: row.runId }, 'archive: could not update the run status');
        return null;
      });
      deps.notify(row.runId);
      if (finished?.isNewlyFinished) await logRunSummary(row.runId, finished.status, row.run.isEstimate);
    }
  }

  /** One line per run when its last mailbox is done: what an operator greps for in the morning. */
  async function logRunSummary(runId: string, status: string, isEstimate: boolean): Promise<void> {
    try {
      const aggregate = (await aggregateRuns(prisma, [runId])).get(runId);
      const counts = aggregate?.counts;
      log.info(
        {
          runId,
          status,
          mailboxes: counts,
          archived: aggregate?.archived ?? 0,
          alreadyArchived: aggregate?.alreadyArchived ?? 0,
          failedMessages: aggregate?.failedMessages ?? 0,
          bytes: aggregate?.bytes ?? 0,
          ...(isEstimate
            ? { estimatedMessages: aggregate?.estimatedMessages, estimatedBytes: aggregate?.estimatedBytes }
            : {}),
        },
        isEstimate ? 'archive: estimate finished' : 'archive: run finished',
      );
    } catch (error) {
      log.warn({ err: error, runId }, 'archive: run summary not logged');
    }
  }

  async function estimate(target: TMailboxTarget): Promise<TMailboxOutcome> {
    const controller = track();
    try {
      const result = await deps.estimateMailbox(target, { signal: controller.signal });
      const messages = result.folders.reduce((sum, folder) => sum + folder.messages, 0);
      const bytes = result.folders.reduce((sum, folder) => sum + folder.bytes, 0);
      return {
        status: result.problem ? 'FAILED' : 'COMPLETE',
        estimatedMessages: messages,
        estimatedBytes: bytes,
        isGmail: result.isGmail,
        folders: result.folders.map((folder) => ({
          folder: folder.folder,
          serverCount: folder.messages,
          archivedCount: 0,
          missingUids: [],
          bytes: folder.bytes,
        })),
        problem: result.problem ?? null,
      };
    } catch (error) {
      log.error({ err: error, mailbox: target.userEmail }, 'archive: estimate failed unexpectedly');
      return {
        status: 'FAILED',
        problem: { ...UNEXPECTED_PROBLEM, message: 'The estimate stopped with an unexpected error.' },
      };
    } finally {
      untrack(controller);
    }
  }

  async function archive(
    mailboxRunId: string,
    runId: string,
    target: TMailboxTarget,
  ): Promise<TMailboxOutcome> {
    const now = clock.now();
    const windowStart = new Date(now.getTime() - BUDGET_WINDOW_MS);
    const used = await bytesDownloadedSince(prisma, target.userEmail, windowStart);
    const remaining = deps.dailyBudgetBytes - used;
    if (remaining <= 0) {
      const resumeAt =
        (await budgetFreesAt(prisma, target.userEmail, windowStart, deps.dailyBudgetBytes)) ??
        new Date(now.getTime() + PAUSE_FALLBACK_MS);
      return {
        status: 'PAUSED',
        problem: {
          code: 'DAILY_BUDGET_EXHAUSTED',
          message: `This mailbox downloaded ${formatMb(used)} in the last 24 hours, its daily budget.`,
          remedy: BUDGET_REMEDY,
        },
        resumeAt,
      };
    }

    const controller = track();
    let recordedBytes = 0;
    let lastWrite = 0;
    let latest: TMailboxProgress | null = null;
    const flush = async () => {
      if (latest === null) return;
      const progress = latest;
      const delta = progress.bytesDone - recordedBytes;
      recordedBytes = Math.max(recordedBytes, progress.bytesDone);
      await Promise.all([
        saveMailboxProgress(prisma, mailboxRunId, progress, clock.now()),
        recordDownload(prisma, {
          userEmail: target.userEmail,
          bytes: delta,
          runMailboxId: mailboxRunId,
          at: clock.now(),
        }),
      ]);
      deps.notify(runId);
    };
    let writing: Promise<void> = Promise.resolve();
    // The first progress is logged at once, so the log shows a mailbox got going.
    let lastLog = 0;
    const onProgress = (progress: TMailboxProgress) => {
      latest = progress;
      const at = Date.now();
      if (at - lastLog >= PROGRESS_LOG_MS) {
        lastLog = at;
        log.info({ mailbox: target.userEmail, runId, ...progress }, 'archive: mailbox progress');
      }
      if (at - lastWrite < (deps.progressIntervalMs ?? 500)) return;
      lastWrite = at;
      writing = writing
        .then(flush)
        .catch((error: unknown) => log.warn({ err: error }, 'archive: progress not saved'));
    };
    const heartbeat = setInterval(() => {
      writing = writing
        .then(() => saveMailboxProgress(prisma, mailboxRunId, latest ?? startProgress(), clock.now()))
        .catch(() => undefined);
    }, deps.heartbeatMs ?? HEARTBEAT_MS);

    try {
      const result = await deps.runMailbox(target, {
        signal: controller.signal,
        onProgress,
        remainingBudgetBytes: remaining,
        connectionsPerAccount: deps.connectionsPerAccount,
      });
      clearInterval(heartbeat);
      await writing;
      // Whatever progress did not report yet still counts against the budget.
      await recordDownload(prisma, {
        userEmail: target.userEmail,
        bytes: result.bytes - recordedBytes,
        runMailboxId: mailboxRunId,
        at: clock.now(),
      });
      const status = VERDICT[result.status];
      const resumeAt = status === 'PAUSED' ? await resumeAtOf(target.userEmail, result.problem) : null;
      return {
        status,
        archived: result.archived,
        alreadyArchived: result.alreadyArchived,
        failed: result.failed,
        failedCount: result.failed.length,
        bytes: result.bytes,
        durationMs: result.durationMs,
        folders: result.folders,
        problem: result.problem ?? null,
        resumeAt,
      };
    } catch (error) {
      clearInterval(heartbeat);
      await writing;
      log.error({ err: error, mailbox: target.userEmail }, 'archive: mailbox failed unexpectedly');
      return {
        status: 'FAILED',
        bytes: recordedBytes,
        problem: { ...UNEXPECTED_PROBLEM, message: 'Archiving stopped with an unexpected error.' },
      };
    } finally {
      untrack(controller);
    }
  }

  /**
   * Gmail's pauses carry their own wait. The budget's pause is read from the ledger: the mailbox
   * resumes when enough of the last 24 hours' downloads have left the window (budgetFreesAt).
   */
  async function resumeAtOf(userEmail: string, problem: TMailboxProblem | undefined): Promise<Date> {
    if (problem?.resumeAt) return problem.resumeAt;
    const now = clock.now();
    if (problem?.code === 'DAILY_BUDGET_EXHAUSTED') {
      const windowStart = new Date(now.getTime() - BUDGET_WINDOW_MS);
      const freesAt = await budgetFreesAt(prisma, userEmail, windowStart, deps.dailyBudgetBytes);
      if (freesAt !== null) return freesAt;
    }
    return new Date(now.getTime() + PAUSE_FALLBACK_MS);
  }

  function track(): AbortController {
    const controller = new AbortController();
    controllers.add(controller);
    return controller;
  }
  function untrack(controller: AbortController) {
    controllers.delete(controller);
  }

  return {
    handle,
    /** Asks running archivers to stop at their next checkpoint (server shutdown). */
    abortAll(): void {
      isStopping = true;
      for (const controller of controllers) controller.abort();
    },
  };
}

function startProgress(): TMailboxProgress {
  return { folder: '', messagesDone: 0, messagesTotal: 0, bytesDone: 0 };
}

function formatMb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024)).toLocaleString('en')} MB`;
}
