export type TRateLimiter = { acquire(): Promise<void> };

export type TTokenBucketOptions = {
  perMinute: number;
  /** Requests allowed at once after a quiet spell; defaults to one second's worth. */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export const DEFAULT_DIRECTORY_QUERIES_PER_MINUTE = 2400;

/**
 * Google counts Directory queries per minute. The bucket refills at (perMinute - burst) a minute so
 * that even a full burst plus a minute of steady refill stays within perMinute in any 60-second window.
 * Callers reserve a slot by taking the balance negative and sleep until it is theirs, which keeps the
 * order fair without a queue.
 */
export function createTokenBucketLimiter(opts: TTokenBucketOptions): TRateLimiter {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const burst = Math.max(1, Math.min(opts.burst ?? Math.floor(opts.perMinute / 60), opts.perMinute - 1));
  const refillPerMs = Math.max(1, opts.perMinute - burst) / 60_000;
  let tokens = burst;
  let updatedAt = now();

  return {
    async acquire() {
      const at = now();
      tokens = Math.min(burst, tokens + (at - updatedAt) * refillPerMs);
      updatedAt = at;
      tokens -= 1;
      if (tokens < 0) await sleep(Math.ceil(-tokens / refillPerMs));
    },
  };
}
