import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import {
  DEFAULT_THROTTLE_POLICY,
  evaluateThrottle,
  registerFailure,
  type TThrottlePolicy,
} from './sign-in-throttle.policy';
import { deleteThrottle, lockThrottleKey, readThrottle, writeThrottle } from './sign-in-throttle.repository';

export type TThrottledAttempt =
  | { outcome: 'locked'; retryAfterSeconds: number }
  | { outcome: 'accepted' }
  | { outcome: 'rejected'; failures: number; isNowLocked: boolean };

export function throttleKey(userNameKey: string, ip: string | null): string {
  return `${userNameKey}|${ip ?? 'unknown'}`;
}

export function createSignInThrottleService(deps: {
  prisma: TPrisma;
  clock: TClock;
  policy?: TThrottlePolicy;
}) {
  const policy = deps.policy ?? DEFAULT_THROTTLE_POLICY;

  return {
    policy,

    /**
     * Runs one credential check under a per-key advisory lock held for the whole attempt, so a burst
     * of parallel guesses (from one or many server instances) is counted one by one and cannot
     * slip past the limit before the first failure is written.
     */
    async attempt(key: string, verifyCredentials: () => Promise<boolean>): Promise<TThrottledAttempt> {
      // Lock-free fast path: a locked key is answered without queueing for the advisory lock.
      const early = evaluateThrottle(await readThrottle(deps.prisma, key), deps.clock.now());
      if (early.isLocked) return { outcome: 'locked', retryAfterSeconds: early.retryAfterSeconds };

      return deps.prisma.$transaction(
        async (tx) => {
          await lockThrottleKey(tx, key);
          const state = await readThrottle(tx, key);
          const verdict = evaluateThrottle(state, deps.clock.now());
          if (verdict.isLocked) return { outcome: 'locked', retryAfterSeconds: verdict.retryAfterSeconds };

          if (await verifyCredentials()) {
            if (state !== null) await deleteThrottle(tx, key);
            return { outcome: 'accepted' };
          }

          const now = deps.clock.now();
          const next = registerFailure(state, now, policy);
          await writeThrottle(tx, key, next);
          return {
            outcome: 'rejected',
            failures: next.failures,
            isNowLocked: evaluateThrottle(next, now).isLocked,
          };
        },
        // Queued attempts wait for the lock; argon2 takes ~50 ms each, so allow a generous queue.
        { maxWait: 10_000, timeout: 30_000 },
      );
    },
  };
}

export type TSignInThrottleService = ReturnType<typeof createSignInThrottleService>;
