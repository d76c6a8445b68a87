import type { TArchiveMailboxStatus, TArchiveRunStatus, TArchiveRunSummary } from '../../api/archiving';
import type { TBadgeTone } from '../../components/badge';

const RUN_STATUS: Record<TArchiveRunStatus, { text: string; tone: TBadgeTone }> = {
  QUEUED: { text: 'Queued', tone: 'info' },
  RUNNING: { text: 'Running', tone: 'info' },
  SUCCEEDED: { text: 'Complete', tone: 'success' },
  INCOMPLETE: { text: 'Incomplete', tone: 'warning' },
  FAILED: { text: 'Failed', tone: 'danger' },
  PAUSED: { text: 'Paused', tone: 'warning' },
};

const MAILBOX_STATUS: Record<TArchiveMailboxStatus, { text: string; tone: TBadgeTone }> = {
  QUEUED: { text: 'Queued', tone: 'neutral' },
  RUNNING: { text: 'Running', tone: 'info' },
  COMPLETE: { text: 'Complete', tone: 'success' },
  INCOMPLETE: { text: 'Incomplete', tone: 'warning' },
  FAILED: { text: 'Failed', tone: 'danger' },
  PAUSED: { text: 'Paused', tone: 'warning' },
};

/** An Estimate downloads nothing, so "Complete" would mislead: it is "Estimated". */
export function runStatusBadge(run: Pick<TArchiveRunSummary, 'status' | 'isEstimate'>) {
  if (run.isEstimate && run.status === 'SUCCEEDED') return { text: 'Estimated', tone: 'success' as const };
  return RUN_STATUS[run.status];
}

export function mailboxStatusBadge(status: TArchiveMailboxStatus, isEstimate: boolean) {
  if (isEstimate && status === 'COMPLETE') return { text: 'Estimated', tone: 'success' as const };
  return MAILBOX_STATUS[status];
}

const count = new Intl.NumberFormat('en-US');
export const formatCount = (value: number) => count.format(value);

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Days of download at the daily budget: under a day reads as hours, never as "0 days". */
export function formatExpectedDuration(days: number): string {
  if (days <= 0) return 'nothing to download';
  if (days < 1) return `about ${Math.max(1, Math.round(days * 24))} h of the daily budget`;
  const whole = Math.ceil(days);
  return `${whole} ${whole === 1 ? 'day' : 'days'} at the daily budget`;
}

/**
 * A running mailbox's ETA under the daily budget: said only when what is left spreads over days,
 * since below a day the progress bar already tells the story.
 */
export function formatTimeLeft(remaining: { bytes: number; expectedDays: number }): string {
  if (remaining.expectedDays < 1) return `${formatBytes(remaining.bytes)} left`;
  const whole = Math.ceil(remaining.expectedDays);
  return `${formatBytes(remaining.bytes)} left, about ${whole} ${whole === 1 ? 'day' : 'days'} at the daily budget`;
}

/** "3 of 4 mailboxes complete" plus what is not, for the run header. */
export function mailboxSummary(run: TArchiveRunSummary): string {
  const { mailboxes } = run;
  const done = run.isEstimate ? 'estimated' : 'complete';
  const parts = [`${formatCount(mailboxes.complete)} of ${formatCount(run.mailboxCount)} ${done}`];
  if (mailboxes.incomplete > 0) parts.push(`${formatCount(mailboxes.incomplete)} incomplete`);
  if (mailboxes.failed > 0) parts.push(`${formatCount(mailboxes.failed)} failed`);
  if (mailboxes.paused > 0) parts.push(`${formatCount(mailboxes.paused)} paused`);
  if (mailboxes.running > 0) parts.push(`${formatCount(mailboxes.running)} running`);
  if (mailboxes.queued > 0) parts.push(`${formatCount(mailboxes.queued)} queued`);
  return parts.join(', ');
}

/** Finished mailboxes over all, as a whole percentage for the overall progress bar. */
export function runPercent(run: TArchiveRunSummary): number {
  if (run.mailboxCount === 0) return 0;
  const { complete, incomplete, failed, paused } = run.mailboxes;
  return Math.floor(((complete + incomplete + failed + paused) / run.mailboxCount) * 100);
}

export const PROBLEM_TITLES: Record<string, string> = {
  IMAP_DISABLED: 'IMAP is turned off for this user',
  MAIL_SCOPE_NOT_DELEGATED: 'The mail scope is not delegated',
  USER_NOT_FOUND_OR_SUSPENDED: 'User deleted or suspended in Google',
  THROTTLED: 'Gmail asked to slow down',
  OVER_QUOTA: "Gmail's bandwidth limit reached",
  TOO_MANY_CONNECTIONS: 'Too many simultaneous connections',
  DAILY_BUDGET_EXHAUSTED: 'Daily download budget used up',
  CONNECTION_LOST: 'The connection kept dropping',
  AUTH_FAILED: 'The IMAP server refused the token',
  UNEXPECTED: 'Unexpected error',
};

export function problemTitle(code: string): string {
  return PROBLEM_TITLES[code] ?? code;
}
