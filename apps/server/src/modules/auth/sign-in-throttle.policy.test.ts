import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THROTTLE_POLICIES,
  DEFAULT_THROTTLE_POLICY,
  evaluateThrottle,
  isStale,
  lockDurationMs,
  registerFailure,
  type TThrottleState,
} from './sign-in-throttle.policy';

const MINUTE = 60_000;
const T0 = new Date('2026-01-01T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

function failTimes(count: number, startMinute = 0, stepMinutes = 0.1): TThrottleState {
  let state: TThrottleState | null = null;
  for (let index = 0; index < count; index += 1) {
    state = registerFailure(state, at(startMinute + index * stepMinutes));
  }
  if (state === null) throw new Error('count must be positive');
  return state;
}

describe('sign-in throttle policy', () => {
  it('does not lock before the fifth failure', () => {
    const state = failTimes(4);
    expect(state.failures).toBe(4);
    expect(state.lockedUntil).toBeNull();
    expect(evaluateThrottle(state, at(0.5))).toEqual({ isLocked: false });
  });

  it('locks for one minute on the fifth failure within 15 minutes', () => {
    const state = failTimes(5, 0, 3); // failures at 0, 3, 6, 9, 12 minutes
    expect(state.lockedUntil).toEqual(at(13));
    expect(evaluateThrottle(state, at(12.5))).toEqual({ isLocked: true, retryAfterSeconds: 30 });
    expect(evaluateThrottle(state, at(13))).toEqual({ isLocked: false });
  });

  it('rounds the retry-after up to whole seconds', () => {
    const state = failTimes(5);
    const justAfter = new Date(at(0.4).getTime() + 1);
    const verdict = evaluateThrottle(state, justAfter);
    expect(verdict.isLocked && verdict.retryAfterSeconds).toBe(60);
  });

  it('forgets failures spread wider than the window', () => {
    const state = failTimes(5, 0, 4); // 0, 4, 8, 12, 16: the 16th minute starts a new window
    expect(state.failures).toBe(1);
    expect(state.windowStartedAt).toEqual(at(16));
    expect(state.lockedUntil).toBeNull();
  });

  it('doubles the lock for each further failure and caps it', () => {
    expect([5, 6, 7, 8, 9, 10, 11].map((failures) => lockDurationMs(failures) / MINUTE)).toEqual([
      1, 2, 4, 8, 16, 32, 60,
    ]);
    expect(lockDurationMs(500)).toBe(DEFAULT_THROTTLE_POLICY.maxLockMs);
    expect(lockDurationMs(4)).toBe(0);
  });

  it('keeps counting after a lock ends, so the next failure locks longer', () => {
    const locked = failTimes(5); // locked until 1.4 minutes
    const afterLock = registerFailure(locked, at(2));
    expect(afterLock.failures).toBe(6);
    expect(afterLock.lockedUntil).toEqual(at(4));
  });

  it('keeps the ladder even when a long lock outlasts the original window', () => {
    let state = failTimes(9); // fifth..ninth failures: lock ladder reaches 16 minutes
    expect(state.lockedUntil).toEqual(at(0.8 + 16));
    expect(isStale(state, at(20), DEFAULT_THROTTLE_POLICY)).toBe(false);
    state = registerFailure(state, at(20));
    expect(state.failures).toBe(10);
    expect(state.lockedUntil).toEqual(at(20 + 32));
  });

  it('starts over after a quiet window following the last lock', () => {
    const locked = failTimes(5); // lock ends at 1.4 minutes; quiet until 16.4
    expect(isStale(locked, at(16.3), DEFAULT_THROTTLE_POLICY)).toBe(false);
    expect(isStale(locked, at(16.4), DEFAULT_THROTTLE_POLICY)).toBe(true);
    const fresh = registerFailure(locked, at(17));
    expect(fresh).toEqual({ failures: 1, windowStartedAt: at(17), lockedUntil: null });
  });

  it('treats a missing record as unlocked', () => {
    expect(evaluateThrottle(null, T0)).toEqual({ isLocked: false });
  });

  it('only slows an account down across addresses: waits of 1 s doubling, never over 30 s', () => {
    const { account } = DEFAULT_THROTTLE_POLICIES;
    expect(lockDurationMs(9, account)).toBe(0);
    expect(lockDurationMs(10, account)).toBe(1_000);
    expect(lockDurationMs(12, account)).toBe(4_000);
    expect(lockDurationMs(1_000, account)).toBe(30_000);
  });

  it('lets one address fail 29 times over any user names before it locks for a minute', () => {
    const { address } = DEFAULT_THROTTLE_POLICIES;
    expect(lockDurationMs(29, address)).toBe(0);
    expect(lockDurationMs(30, address)).toBe(60_000);
  });
});
