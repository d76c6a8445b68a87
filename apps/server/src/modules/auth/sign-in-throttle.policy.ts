export type TThrottlePolicy = {
  maxFailures: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
};

export type TThrottleState = {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
};

export type TThrottleVerdict = { isLocked: false } | { isLocked: true; retryAfterSeconds: number };

/** One user name from one address: the classic lock ladder. */
export const DEFAULT_THROTTLE_POLICY: TThrottlePolicy = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  baseLockMs: 60_000,
  maxLockMs: 60 * 60_000,
};

/**
 * The three counters every sign-in attempt feeds:
 * - pair: one user name from one address (the lock ladder above);
 * - account: one user name from every address. Only a slow-down (waits of 1 s doubling to 30 s,
 *   at most ~120 guesses an hour), never a lock: a guesser spread over many addresses must not be
 *   able to lock the admin out, and a browser that signed in to the account before skips it;
 * - address: every user name from one address, so spraying one password over many names stops.
 */
export type TSignInThrottlePolicies = {
  pair: TThrottlePolicy;
  account: TThrottlePolicy;
  address: TThrottlePolicy;
};

export const DEFAULT_THROTTLE_POLICIES: TSignInThrottlePolicies = {
  pair: DEFAULT_THROTTLE_POLICY,
  account: { maxFailures: 10, windowMs: 15 * 60_000, baseLockMs: 1_000, maxLockMs: 30_000 },
  address: { maxFailures: 30, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 60 * 60_000 },
};

/**
 * A counter is forgotten only after a quiet window that starts when the last lock ended, so a
 * persistent guesser keeps climbing the doubling lock ladder instead of getting 5 fresh tries
 * every 15 minutes.
 */
export function isStale(state: TThrottleState, now: Date, policy: TThrottlePolicy): boolean {
  const windowEnd = state.windowStartedAt.getTime() + policy.windowMs;
  const lockQuietEnd = state.lockedUntil === null ? 0 : state.lockedUntil.getTime() + policy.windowMs;
  return now.getTime() >= Math.max(windowEnd, lockQuietEnd);
}

export function evaluateThrottle(state: TThrottleState | null, now: Date): TThrottleVerdict {
  if (state?.lockedUntil == null) return { isLocked: false };
  const remainingMs = state.lockedUntil.getTime() - now.getTime();
  if (remainingMs <= 0) return { isLocked: false };
  return { isLocked: true, retryAfterSeconds: Math.ceil(remainingMs / 1000) };
}

/** Lock length after the n-th failure in a window: none below the limit, then doubling up to the cap. */
export function lockDurationMs(failures: number, policy: TThrottlePolicy = DEFAULT_THROTTLE_POLICY): number {
  if (failures < policy.maxFailures) return 0;
  const doublings = Math.min(failures - policy.maxFailures, 30);
  return Math.min(policy.baseLockMs * 2 ** doublings, policy.maxLockMs);
}

export function registerFailure(
  state: TThrottleState | null,
  now: Date,
  policy: TThrottlePolicy = DEFAULT_THROTTLE_POLICY,
): TThrottleState {
  const current =
    state === null || isStale(state, now, policy)
      ? { failures: 0, windowStartedAt: now, lockedUntil: null }
      : state;
  const failures = current.failures + 1;
  const lockMs = lockDurationMs(failures, policy);
  return {
    failures,
    windowStartedAt: current.windowStartedAt,
    lockedUntil: lockMs === 0 ? current.lockedUntil : new Date(now.getTime() + lockMs),
  };
}
