export type TRetryOptions = { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };

export const DEFAULT_RETRY_OPTIONS: TRetryOptions = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 32_000 };

// A server asking for more than this is treated as the cap, so one bad header cannot stall a sync for hours.
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Exponential backoff with full jitter (a random wait between 0 and the exponential ceiling), which
 * spreads retries of many concurrent callers instead of having them hit Google again in lockstep.
 * A Retry-After from the server is a floor: never retry sooner than Google asked.
 */
export function retryDelayMs(
  failedAttempts: number,
  retryAfterMs: number | null,
  options: TRetryOptions,
  random: () => number,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === null ? jittered : Math.max(Math.min(retryAfterMs, MAX_RETRY_AFTER_MS), jittered);
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110). */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | null {
  if (header === undefined || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
