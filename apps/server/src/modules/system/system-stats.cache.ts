import type { TSystemStats } from './system-stats.repository';

// Prometheus scrapes every 15-60 s per server, and the System page polls; the archive totals scan a
// large table, so every caller within this window shares one reading.
export const SYSTEM_STATS_TTL_MS = 10_000;

/** One reading of the database figures shared by concurrent callers and reused for ttlMs. */
export function createSystemStatsCache(deps: {
  read: () => Promise<TSystemStats>;
  now?: () => number;
  ttlMs?: number;
}) {
  const now = deps.now ?? Date.now;
  const ttlMs = deps.ttlMs ?? SYSTEM_STATS_TTL_MS;
  let latest: { at: number; stats: TSystemStats } | null = null;
  let inFlight: Promise<TSystemStats> | null = null;

  return {
    get(): Promise<TSystemStats> {
      if (latest !== null && now() - latest.at < ttlMs) return Promise.resolve(latest.stats);
      inFlight ??= deps
        .read()
        .then((stats) => {
          latest = { at: now(), stats };
          return stats;
        })
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
    /** Forgets the cached reading, so the next caller reads afresh. */
    invalidate(): void {
      latest = null;
    },
  };
}

export type TSystemStatsCache = ReturnType<typeof createSystemStatsCache>;
