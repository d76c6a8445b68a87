/**
 * Waits before each retry of a transient failure (421, a dropped connection): growing, so a
 * Gmail that asked to slow down is not hammered. The last entry is the last retry.
 */
export const DEFAULT_SEND_RETRY_DELAYS_MS: readonly number[] = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000];

/** The wait before attempt number `nextAttempt` (2 = the first retry), or null when none is left. */
export function retryDelayMs(nextAttempt: number, delays: readonly number[]): number | null {
  const delay = delays[nextAttempt - 2];
  return delay === undefined ? null : delay;
}
