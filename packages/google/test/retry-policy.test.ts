import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs, retryDelayMs } from '../src/directory/retry-policy';

const options = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 4000 };

describe('retryDelayMs', () => {
  it('draws a full-jitter delay below an exponential ceiling capped at maxDelayMs', () => {
    const ceilings = [1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, null, options, () => 0.999999));
    expect(ceilings).toEqual([499, 999, 1999, 3999, 3999]);
    expect(retryDelayMs(3, null, options, () => 0)).toBe(0);
    expect(retryDelayMs(3, null, options, () => 0.5)).toBe(1000);
  });

  it('never retries sooner than Retry-After, and jitter may still push it later', () => {
    expect(retryDelayMs(1, 3000, options, () => 0)).toBe(3000);
    expect(retryDelayMs(4, 1000, options, () => 0.75)).toBe(3000);
  });

  it('caps an absurd Retry-After at ten minutes', () => {
    expect(retryDelayMs(1, 86_400_000, options, () => 0)).toBe(600_000);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');

  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('7', now)).toBe(7000);
    expect(parseRetryAfterMs('0.5', now)).toBe(500);
    expect(parseRetryAfterMs('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfterMs(undefined, now)).toBeNull();
    expect(parseRetryAfterMs('', now)).toBeNull();
    expect(parseRetryAfterMs('soon', now)).toBeNull();
  });
});
