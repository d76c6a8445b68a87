import { describe, expect, it } from 'vitest';
import {
  countText,
  dayRangeToInstants,
  exportPercent,
  hitDate,
  restoreSummary,
} from './archive-search.labels';

describe('archive search labels', () => {
  it('counts exactly up to the bound, then says "more than"', () => {
    expect(countText({ value: 1, isExact: true })).toBe('1 message');
    expect(countText({ value: 1234, isExact: true })).toBe('1,234 messages');
    expect(countText({ value: 10_000, isExact: false })).toBe('More than 10,000 messages');
  });

  it('dates a result as Gmail does: time today, day this year, date before', () => {
    const now = new Date(2026, 11, 6, 15, 0);
    expect(hitDate(new Date(2026, 11, 6, 9, 5).toISOString(), now)).toBe('9:05 AM');
    expect(hitDate(new Date(2026, 2, 3, 9, 5).toISOString(), now)).toBe('Mar 3');
    expect(hitDate(new Date(2019, 2, 3).toISOString(), now)).toBe('Mar 3, 2019');
    expect(hitDate(null, now)).toBe('No date');
  });

  it('says what a restore did, failures only when there were some', () => {
    expect(restoreSummary({ appended: 1, alreadyPresent: 0, failed: 0, totalMessages: 1 })).toBe(
      '1 put back into Gmail · 0 already there (of 1)',
    );
    expect(restoreSummary({ appended: 0, alreadyPresent: 2, failed: 1, totalMessages: 3 })).toBe(
      '0 put back into Gmail · 2 already there · 1 failed (of 3)',
    );
  });

  it('measures export progress, an empty export being done', () => {
    expect(exportPercent({ doneMessages: 1, totalMessages: 3 })).toBe(33);
    expect(exportPercent({ doneMessages: 0, totalMessages: 0 })).toBe(100);
  });

  it("turns picked days into the reader's first and last instant, empty when open", () => {
    const range = dayRangeToInstants('2026-12-01', '2026-12-02');
    expect(new Date(range.since).getTime()).toBe(new Date(2026, 11, 1).getTime());
    expect(new Date(range.until).getTime()).toBe(new Date(2026, 11, 2, 23, 59, 59, 999).getTime());
    expect(dayRangeToInstants('', '')).toEqual({ since: '', until: '' });
  });
});
