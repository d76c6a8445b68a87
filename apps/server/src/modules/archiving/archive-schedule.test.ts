import { describe, expect, it } from 'vitest';
import { isScheduledRunDue, nextScheduledRunAt } from './archive-schedule';

const at = (text: string) => new Date(text);

describe('archive schedule', () => {
  it('never fires when off', () => {
    expect(isScheduledRunDue({ mode: 'OFF', time: '02:00' }, null, at('2026-12-06T03:00:00'))).toBe(false);
    expect(nextScheduledRunAt({ mode: 'OFF', time: '02:00' }, null, at('2026-12-06T03:00:00'))).toBeNull();
  });

  it('fires hourly once per hour', () => {
    const hourly = { mode: 'HOURLY', time: '00:00' } as const;
    expect(isScheduledRunDue(hourly, at('2026-12-06T09:59:00'), at('2026-12-06T10:00:30'))).toBe(true);
    expect(isScheduledRunDue(hourly, at('2026-12-06T10:00:30'), at('2026-12-06T10:40:00'))).toBe(false);
    expect(nextScheduledRunAt(hourly, at('2026-12-06T10:00:30'), at('2026-12-06T10:40:00'))).toEqual(
      at('2026-12-06T11:00:00'),
    );
  });

  it('fires daily at the given time, and not again that day', () => {
    const daily = { mode: 'DAILY', time: '02:30' } as const;
    expect(isScheduledRunDue(daily, at('2026-12-05T02:31:00'), at('2026-12-06T02:29:00'))).toBe(false);
    expect(isScheduledRunDue(daily, at('2026-12-05T02:31:00'), at('2026-12-06T02:30:00'))).toBe(true);
    expect(isScheduledRunDue(daily, at('2026-12-06T02:30:05'), at('2026-12-06T23:00:00'))).toBe(false);
    expect(nextScheduledRunAt(daily, at('2026-12-06T02:30:05'), at('2026-12-06T23:00:00'))).toEqual(
      at('2026-12-07T02:30:00'),
    );
  });
});
