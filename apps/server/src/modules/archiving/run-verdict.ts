import type { TArchiveMailboxStatus, TArchiveRunStatus } from './archiving.schemas';

export type TMailboxStatusCounts = Record<TArchiveMailboxStatus, number>;

export function emptyCounts(): TMailboxStatusCounts {
  return { QUEUED: 0, RUNNING: 0, COMPLETE: 0, INCOMPLETE: 0, FAILED: 0, PAUSED: 0 };
}

/**
 * A run's status follows from its mailboxes. It is SUCCEEDED only when every mailbox is complete:
 * a failed mailbox makes it FAILED and an incomplete one INCOMPLETE, whatever the others did, so a
 * partial archive is never reported as success. PAUSED means the rest waits for a quota and
 * resumes by itself.
 */
export function runStatusOf(counts: TMailboxStatusCounts, mailboxCount: number): TArchiveRunStatus {
  if (counts.QUEUED + counts.RUNNING > 0) {
    return counts.RUNNING > 0 || counts.QUEUED < mailboxCount ? 'RUNNING' : 'QUEUED';
  }
  if (mailboxCount === 0) return 'FAILED';
  if (counts.FAILED > 0) return 'FAILED';
  if (counts.INCOMPLETE > 0) return 'INCOMPLETE';
  if (counts.PAUSED > 0) return 'PAUSED';
  return 'SUCCEEDED';
}

export function isRunFinished(status: TArchiveRunStatus): boolean {
  return status !== 'QUEUED' && status !== 'RUNNING';
}
