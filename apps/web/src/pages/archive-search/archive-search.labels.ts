import type { TArchiveAccessAction, TArchiveAccessResult } from '../../api/access-log';
import type { TArchiveExport, TArchiveHit, TArchiveRestore } from '../../api/archive-read';
import type { TBadgeTone } from '../../components/badge';
import { formatCount } from '../archive/archive.labels';

/** The operators people already type into Gmail's search box, with one example each. */
export const SEARCH_OPERATORS: readonly { example: string; meaning: string }[] = [
  { example: 'from:anna@example.com', meaning: 'sent by' },
  { example: 'to:bob', meaning: 'sent to (also cc:)' },
  { example: 'subject:invoice', meaning: 'word in the subject' },
  { example: '"exact phrase"', meaning: 'these words in this order' },
  { example: 'has:attachment', meaning: 'with attachments' },
  { example: 'filename:pdf', meaning: 'attachment name or type' },
  { example: 'label:projects', meaning: 'Gmail label (in:sent for a folder)' },
  { example: 'after:2024/01/31', meaning: 'from this day on (before: until)' },
  { example: 'newer_than:7d', meaning: 'age in d, m or y (older_than:)' },
  { example: 'larger:5M', meaning: 'size (smaller:100K)' },
  { example: 'budget -draft', meaning: 'without a word' },
  { example: 'invoice OR receipt', meaning: 'either word' },
];

/** "1 message", "42 messages", or "more than 10,000 messages" when the server stopped counting. */
export function countText(count: { value: number; isExact: boolean }): string {
  if (!count.isExact) return `More than ${formatCount(count.value)} messages`;
  return `${formatCount(count.value)} ${count.value === 1 ? 'message' : 'messages'}`;
}

export function senderText(from: TArchiveHit['from']): string {
  return from.name?.trim() || from.address || '(unknown sender)';
}

const sameDay = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });
const sameYear = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });
const otherYear = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

/** A result list's date, as Gmail shows it: the time today, the day this year, else the date. */
export function hitDate(iso: string | null, now: Date = new Date()): string {
  if (iso === null) return 'No date';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (date.toDateString() === now.toDateString()) return sameDay.format(date);
  if (date.getFullYear() === now.getFullYear()) return sameYear.format(date);
  return otherYear.format(date);
}

export function exportPercent(item: Pick<TArchiveExport, 'doneMessages' | 'totalMessages'>): number {
  if (item.totalMessages === 0) return 100;
  return Math.min(100, Math.round((item.doneMessages / item.totalMessages) * 100));
}

/** What a finished restore did, in the words an admin checks Gmail against. */
export function restoreSummary(
  restore: Pick<TArchiveRestore, 'appended' | 'alreadyPresent' | 'failed' | 'totalMessages'>,
): string {
  const parts = [
    `${formatCount(restore.appended)} put back into Gmail`,
    `${formatCount(restore.alreadyPresent)} already there`,
  ];
  if (restore.failed > 0) parts.push(`${formatCount(restore.failed)} failed`);
  return `${parts.join(' · ')} (of ${formatCount(restore.totalMessages)})`;
}

export const RESTORE_STATUS: Record<TArchiveRestore['status'], { tone: TBadgeTone; text: string }> = {
  RUNNING: { tone: 'info', text: 'Restoring' },
  SUCCEEDED: { tone: 'success', text: 'Restored' },
  FAILED: { tone: 'danger', text: 'Failed' },
};

export const EXPORT_STATUS: Record<TArchiveExport['status'], { tone: TBadgeTone; text: string }> = {
  PREPARING: { tone: 'info', text: 'Preparing' },
  READY: { tone: 'success', text: 'Ready' },
  FAILED: { tone: 'danger', text: 'Failed' },
};

export const ACCESS_ACTION_LABEL: Record<TArchiveAccessAction, string> = {
  SEARCH: 'Search',
  OPEN: 'Message opened',
  THREAD: 'Conversation opened',
  ATTACHMENT: 'Attachment downloaded',
  RAW: '.eml downloaded',
  EXPORT: 'Export prepared',
  EXPORT_DOWNLOAD: 'Export downloaded',
  RESTORE: 'Restore to Gmail',
};

export const ACCESS_RESULT: Record<TArchiveAccessResult, { tone: TBadgeTone; text: string }> = {
  ALLOWED: { tone: 'success', text: 'Allowed' },
  DENIED: { tone: 'danger', text: 'Denied' },
  FAILED: { tone: 'warning', text: 'Failed' },
};

/** The first and last instant of a day range picked in date inputs (yyyy-mm-dd, the reader's days). */
export function dayRangeToInstants(from: string, to: string): { since: string; until: string } {
  const start = from ? new Date(`${from}T00:00:00`) : null;
  const end = to ? new Date(`${to}T23:59:59.999`) : null;
  return {
    since: start && !Number.isNaN(start.getTime()) ? start.toISOString() : '',
    until: end && !Number.isNaN(end.getTime()) ? end.toISOString() : '',
  };
}
