import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import {
  DEFAULT_THROTTLE_POLICIES,
  evaluateThrottle,
  registerFailure,
  type TSignInThrottlePolicies,
  type TThrottlePolicy,
  type TThrottleState,
} from './sign-in-throttle.policy';
import { deleteThrottle, lockThrottleKey, readThrottle, writeThrottle } from './sign-in-throttle.repository';

export type TThrottleScope = keyof TSignInThrottlePolicies;

export type TThrottledAttempt =
  | { outcome: 'locked'; scope: TThrottleScope; retryAfterSeconds: number }
  | { outcome: 'accepted' }
  | { outcome: 'rejected'; failures: number; isNowLocked: boolean };

export type TSignInSubject = {
  userNameKey: string;
  ip: string | null;
  /** The browser proved an earlier successful sign-in to this account: the account slow-down spares it. */
  isKnownDevice: boolean;
};

type TCounter = { scope: TThrottleScope; key: string; policy: TThrottlePolicy; isEnforced: boolean };

// Prefixes keep the three key spaces apart whatever characters a user name holds.
export function throttleKeys(userNameKey: string, ip: string | null): Record<TThrottleScope, string> {
  const address = ip ?? 'unknown';
  return {
    pair: `pair:${address}|${userNameKey}`,
    account: `account:${userNameKey}`,
    address: `address:${address}`,
  };
}

export function createSignInThrottleService(deps: {
  prisma: TPrisma;
  clock: TClock;
  policies?: Partial<TSignInThrottlePolicies>;
}) {
  const policies = { ...DEFAULT_THROTTLE_POLICIES, ...deps.policies };

  const countersOf = (subject: TSignInSubject): TCounter[] => {
    const keys = throttleKeys(subject.userNameKey, subject.ip);
    return (['pair', 'account', 'address'] as const).map((scope) => ({
      scope,
      key: keys[scope],
      policy: policies[scope],
      isEnforced: scope !== 'account' || !subject.isKnownDevice,
    }));
  };

  const firstLock = (counters: TCounter[], states: (TThrottleState | null)[], now: Date) => {
    let locked: Extract<TThrottledAttempt, { outcome: 'locked' }> | null = null;
    counters.forEach((counter, index) => {
      if (!counter.isEnforced) return;
      const verdict = evaluateThrottle(states[index] ?? null, now);
      if (verdict.isLocked && (locked === null || verdict.retryAfterSeconds > locked.retryAfterSeconds)) {
        locked = { outcome: 'locked', scope: counter.scope, retryAfterSeconds: verdict.retryAfterSeconds };
      }
    });
    return locked as Extract<TThrottledAttempt, { outcome: 'locked' }> | null;
  };

  return {
    policies,

    /**
     * Runs one credential check under advisory locks on all three counters, held for the whole
     * attempt, so a burst of parallel guesses (from one or many server instances) is counted one by
     * one and cannot slip past a limit before the first failure is written. The locks are taken in
     * key order, so two attempts never wait on each other crosswise.
     */
    async attempt(
      subject: TSignInSubject,
      verifyCredentials: () => Promise<boolean>,
    ): Promise<TThrottledAttempt> {
      const counters = countersOf(subject);
      // Lock-free fast path: a locked counter is answered without queueing for the advisory locks.
      const early = firstLock(
        counters,
        await Promise.all(counters.map((counter) => readThrottle(deps.prisma, counter.key))),
        deps.clock.now(),
      );
      if (early !== null) return early;

      return deps.prisma.$transaction(
        async (tx) => {
          for (const key of counters.map((counter) => counter.key).sort()) await lockThrottleKey(tx, key);
          const states: (TThrottleState | null)[] = [];
          for (const counter of counters) states.push(await readThrottle(tx, counter.key));
          const locked = firstLock(counters, states, deps.clock.now());
          if (locked !== null) return locked;

          if (await verifyCredentials()) {
            // The address counter stays: signing in to one's own account must not buy more guesses
            // at other accounts.
            for (const [index, counter] of counters.entries()) {
              if (counter.scope !== 'address' && states[index] !== null)
                await deleteThrottle(tx, counter.key);
            }
            return { outcome: 'accepted' };
          }

          const now = deps.clock.now();
          let pairState: TThrottleState | null = null;
          let isNowLocked = false;
          for (const [index, counter] of counters.entries()) {
            const next = registerFailure(states[index] ?? null, now, counter.policy);
            await writeThrottle(tx, counter.key, next);
            if (counter.scope === 'pair') pairState = next;
            if (counter.isEnforced && evaluateThrottle(next, now).isLocked) isNowLocked = true;
          }
          return { outcome: 'rejected', failures: pairState?.failures ?? 0, isNowLocked };
        },
        // Queued attempts wait for the locks; argon2 takes ~50 ms each, so allow a generous queue.
        { maxWait: 10_000, timeout: 30_000 },
      );
    },
  };
}

export type TSignInThrottleService = ReturnType<typeof createSignInThrottleService>;
