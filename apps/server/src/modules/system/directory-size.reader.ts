import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Bytes of every regular file under `root`; null when it does not exist (nothing archived yet). */
export async function measureDirectoryBytes(root: string): Promise<number | null> {
  try {
    await stat(root);
  } catch {
    return null;
  }
  let total = 0;
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for await (const entry of await opendir(dir)) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) total += (await stat(full)).size;
    }
  }
  return total;
}

// Walking millions of blob files costs seconds of disk I/O, so one walk serves the page this long.
export const DISK_USAGE_TTL_MS = 10 * 60 * 1000;

/** The archive folder's disk usage, measured at most once per TTL and shared by concurrent callers. */
export function createDiskUsageCache(root: string, ttlMs = DISK_USAGE_TTL_MS, now: () => number = Date.now) {
  let latest: { at: number; bytes: number | null } | null = null;
  let inFlight: Promise<number | null> | null = null;
  return {
    get(): Promise<number | null> {
      if (latest !== null && now() - latest.at < ttlMs) return Promise.resolve(latest.bytes);
      inFlight ??= measureDirectoryBytes(root)
        .then((bytes) => {
          latest = { at: now(), bytes };
          return bytes;
        })
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
  };
}
