import { describe, expect, it } from 'vitest';
import { createTokenBucketLimiter } from '../src/index';

function fakeTime() {
  const clock = { now: 0 };
  const sleeps: number[] = [];
  return {
    clock,
    sleeps,
    now: () => clock.now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
  };
}

describe('createTokenBucketLimiter', () => {
  it('lets a burst of one second through at once, then spaces requests out', async () => {
    const time = fakeTime();
    const limiter = createTokenBucketLimiter({ perMinute: 2400, now: time.now, sleep: time.sleep });
    for (let i = 0; i < 40; i += 1) await limiter.acquire();
    expect(time.sleeps).toEqual([]);
    await limiter.acquire();
    await limiter.acquire();
    // Refill is (2400 - 40) per minute, so one slot every ~25.4 ms; the second waiter queues behind the first.
    expect(time.sleeps).toEqual([26, 51]);
  });

  it('never admits more than perMinute requests in any 60-second window', async () => {
    const time = fakeTime();
    const limiter = createTokenBucketLimiter({ perMinute: 120, now: time.now, sleep: time.sleep });
    const admittedAt: number[] = [];
    for (let i = 0; i < 600; i += 1) {
      const sleptBefore = time.sleeps.length;
      await limiter.acquire();
      const waited = time.sleeps.length > sleptBefore ? (time.sleeps.at(-1) ?? 0) : 0;
      admittedAt.push(time.clock.now + waited);
      // Each caller comes back after its sleep, as a sequential sync loop would.
      time.clock.now += waited;
    }
    for (const [index, at] of admittedAt.entries()) {
      const inWindow = admittedAt.slice(index).filter((t) => t < at + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(120);
    }
    expect(admittedAt.at(-1)).toBeGreaterThan(4 * 60_000);
  });

  it('refills while idle, up to the burst size only', async () => {
    const time = fakeTime();
    const limiter = createTokenBucketLimiter({ perMinute: 600, burst: 5, now: time.now, sleep: time.sleep });
    for (let i = 0; i < 5; i += 1) await limiter.acquire();
    time.clock.now += 3_600_000;
    for (let i = 0; i < 5; i += 1) await limiter.acquire();
    expect(time.sleeps).toEqual([]);
    await limiter.acquire();
    expect(time.sleeps).toHaveLength(1);
  });
});
