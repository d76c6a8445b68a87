import { describe, expect, it } from 'vitest';
import { isScheduledRunDue, nextScheduledRunAt } from './sync-schedule';

const now = new Date('2026-11-22T10:00:00.000Z');

describe('the sync schedule', () => {
  it('never runs when it is off', () => {
    expect(nextScheduledRunAt({ mode: 'OFF', interval: 5 }, null, now)).toBeNull();
    expect(isScheduledRunDue({ mode: 'OFF', interval: 5 }, null, now)).toBe(false);
  });

  it('runs at once when no sync ran yet', () => {
    expect(isScheduledRunDue({ mode: 'HOURS', interval: 4 }, null, now)).toBe(true);
  });

  it('waits one interval after the last committing run', () => {
    const last = new Date('2026-11-22T09:50:00.000Z');
    expect(nextScheduledRunAt({ mode: 'MINUTES', interval: 15 }, last, now)?.toISOString()).toBe(
      '2026-11-22T10:05:00.000Z',
    );
    expect(isScheduledRunDue({ mode: 'MINUTES', interval: 15 }, last, now)).toBe(false);
    expect(isScheduledRunDue({ mode: 'MINUTES', interval: 10 }, last, now)).toBe(true);
    expect(isScheduledRunDue({ mode: 'HOURS', interval: 1 }, last, now)).toBe(false);
  });
});
