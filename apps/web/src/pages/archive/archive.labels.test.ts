import { describe, expect, it } from 'vitest';
import type { TArchiveRunSummary } from '../../api/archiving';
import {
  formatBytes,
  formatExpectedDuration,
  formatTimeLeft,
  mailboxSummary,
  runPercent,
  runStatusBadge,
} from './archive.labels';

const run = (mailboxes: Partial<TArchiveRunSummary['mailboxes']>, mailboxCount = 4): TArchiveRunSummary => ({
  id: 'r',
  isEstimate: false,
  trigger: 'MANUAL',
  status: 'RUNNING',
  requestedBy: 'admin',
  createdAt: '2026-12-06T10:00:00Z',
  startedAt: null,
  finishedAt: null,
  mailboxCount,
  mailboxes: { queued: 0, running: 0, complete: 0, incomplete: 0, failed: 0, paused: 0, ...mailboxes },
  totals: {
    archived: 0,
    alreadyArchived: 0,
    failedMessages: 0,
    bytes: 0,
    estimatedMessages: null,
    estimatedBytes: null,
    progressMessagesDone: 0,
    progressMessagesTotal: 0,
  },
  error: null,
});

describe('archive labels', () => {
  it('never calls an incomplete run complete', () => {
    expect(runStatusBadge({ status: 'INCOMPLETE', isEstimate: false })).toEqual({
      text: 'Incomplete',
      tone: 'warning',
    });
    expect(runStatusBadge({ status: 'SUCCEEDED', isEstimate: true }).text).toBe('Estimated');
  });

  it('summarises the mailboxes, naming what is not complete', () => {
    expect(mailboxSummary(run({ complete: 2, incomplete: 1, running: 1 }))).toBe(
      '2 of 4 complete, 1 incomplete, 1 running',
    );
    expect(runPercent(run({ complete: 2, incomplete: 1, running: 1 }))).toBe(75);
  });

  it('formats sizes and the expected duration under the budget', () => {
    expect(formatBytes(5 * 1024 * 1024 * 1024)).toBe('5.0 GB');
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatExpectedDuration(2.5)).toBe('3 days at the daily budget');
    expect(formatExpectedDuration(0.25)).toBe('about 6 h of the daily budget');
    expect(formatExpectedDuration(0)).toBe('nothing to download');
    // A running mailbox that spreads over days by the budget says so; below a day, only the bytes.
    expect(formatTimeLeft({ bytes: 5 * 1024 ** 3, expectedDays: 2.56 })).toBe(
      '5.0 GB left, about 3 days at the daily budget',
    );
    expect(formatTimeLeft({ bytes: 20 * 1024 ** 2, expectedDays: 0.01 })).toBe('20.0 MB left');
  });
});
