import type { TDb } from '../../lib/db';
import type { TThrottleState } from './sign-in-throttle.policy';

export async function readThrottle(db: TDb, key: string): Promise<TThrottleState | null> {
  return db.signInThrottle.findUnique({
    where: { key },
    select: { failures: true, windowStartedAt: true, lockedUntil: true },
  });
}

/**
 * Serialises read-modify-write per key across every server instance. A row lock would not do:
 * the first failure for a key has no row to lock yet.
 */
export async function lockThrottleKey(db: TDb, key: string): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`sign-in:${key}`}, 0))`;
}

export async function writeThrottle(db: TDb, key: string, state: TThrottleState): Promise<void> {
  await db.signInThrottle.upsert({ where: { key }, create: { key, ...state }, update: state });
}

export async function deleteThrottle(db: TDb, key: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key } });
}
