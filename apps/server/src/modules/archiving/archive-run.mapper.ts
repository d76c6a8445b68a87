import type { TMailboxRow, TRunAggregate, TRunRow } from './archive-run.repository';
import type { TArchiveMailboxReport, TArchiveRunSummary } from './archiving.schemas';
import { emptyCounts } from './run-verdict';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());
const MB = 1024 * 1024;

export function toRunSummary(row: TRunRow, aggregate: TRunAggregate | undefined): TArchiveRunSummary {
  const counts = aggregate?.counts ?? emptyCounts();
  return {
    id: row.id,
    isEstimate: row.isEstimate,
    trigger: row.trigger,
    status: row.status,
    requestedBy: row.requestedByName,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    mailboxCount: row.mailboxCount,
    mailboxes: {
      queued: counts.QUEUED,
      running: counts.RUNNING,
      complete: counts.COMPLETE,
      incomplete: counts.INCOMPLETE,
      failed: counts.FAILED,
      paused: counts.PAUSED,
    },
    totals: {
      archived: aggregate?.archived ?? 0,
      alreadyArchived: aggregate?.alreadyArchived ?? 0,
      failedMessages: aggregate?.failedMessages ?? 0,
      bytes: aggregate?.bytes ?? 0,
      estimatedMessages: aggregate?.estimatedMessages ?? null,
      estimatedBytes: aggregate?.estimatedBytes ?? null,
      progressMessagesDone: aggregate?.progressMessagesDone ?? 0,
      progressMessagesTotal: aggregate?.progressMessagesTotal ?? 0,
    },
    error: row.errorCode === null ? null : { code: row.errorCode, message: row.errorMessage ?? '' },
  };
}

/**
 * Days a download of `bytes` takes when each day allows the smaller of the budget and Gmail's own
 * limit: a mailbox bigger than that spreads over several days by itself.
 */
export function expectedDays(bytes: number, dailyBudgetBytes: number): number {
  return Math.round((bytes / dailyBudgetBytes) * 100) / 100;
}

export function toMailboxReport(row: TMailboxRow, dailyBudgetBytes: number): TArchiveMailboxReport {
  const hasEstimate = row.estimatedMessages !== null && row.estimatedBytes !== null;
  const estimatedBytes = Number(row.estimatedBytes ?? 0n);
  return {
    id: row.id,
    userId: row.userId,
    userName: row.userName,
    userEmail: row.userEmail,
    status: row.status,
    archived: row.archivedCount,
    alreadyArchived: row.alreadyArchived,
    failedCount: row.failedCount,
    failed: row.failedMessages as TArchiveMailboxReport['failed'],
    bytes: Number(row.bytes),
    durationMs: row.durationMs,
    folders: (row.folders as TArchiveMailboxReport['folders']).map((folder) => ({
      folder: folder.folder,
      serverCount: folder.serverCount,
      archivedCount: folder.archivedCount,
      missingUids: folder.missingUids,
    })),
    progress: row.status === 'RUNNING' ? (row.progress as TArchiveMailboxReport['progress']) : null,
    remaining:
      row.status === 'RUNNING'
        ? remainingOf(row.progress as TArchiveMailboxReport['progress'], dailyBudgetBytes)
        : null,
    estimate: hasEstimate
      ? {
          messages: row.estimatedMessages ?? 0,
          bytes: estimatedBytes,
          isGmail: row.isGmail,
          expectedDays: expectedDays(estimatedBytes, dailyBudgetBytes),
        }
      : null,
    problem:
      row.problemCode === null
        ? null
        : { code: row.problemCode, message: row.problemMessage ?? '', remedy: row.problemRemedy ?? '' },
    resumeAt: iso(row.resumeAt),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

export const BYTES_PER_MB = MB;

/** What a running mailbox still has to download, judged by the average message so far. */
export function remainingOf(
  progress: TArchiveMailboxReport['progress'],
  dailyBudgetBytes: number,
): TArchiveMailboxReport['remaining'] {
  if (progress === null || progress.messagesDone <= 0) return null;
  const left = Math.max(0, progress.messagesTotal - progress.messagesDone);
  const bytes = Math.round((progress.bytesDone / progress.messagesDone) * left);
  return { bytes, expectedDays: expectedDays(bytes, dailyBudgetBytes) };
}
