import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import serverPackage from '../../../package.json' with { type: 'json' };
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import { createMetrics } from '../metrics/metrics.registry';
import { createDiskUsageCache } from './directory-size.reader';
import { createInstanceHeartbeat } from './instance-heartbeat';
import { createSystemService } from './system.service';
import { createSystemStatsCache } from './system-stats.cache';
import { readSystemStats } from './system-stats.repository';

export const SERVER_VERSION: string = serverPackage.version;

/**
 * Operations: the metrics registry, this instance's heartbeat row and the System page's service,
 * sharing one cached reading of the database figures.
 */
export function createSystemModule(deps: {
  prisma: TPrisma;
  clock: TClock;
  dataDir: string;
  log: { warn(obj: object, msg?: string): void };
  heartbeatIntervalMs?: number;
  statsTtlMs?: number;
}) {
  const stats = createSystemStatsCache({
    read: () => readSystemStats(deps.prisma),
    ...(deps.statsTtlMs === undefined ? {} : { ttlMs: deps.statsTtlMs }),
  });
  const metrics = createMetrics({ readStats: () => stats.get() });
  const heartbeat = createInstanceHeartbeat({
    prisma: deps.prisma,
    clock: deps.clock,
    log: deps.log,
    identity: {
      id: randomUUID(),
      host: hostname(),
      pid: process.pid,
      version: SERVER_VERSION,
      startedAt: deps.clock.now(),
    },
    ...(deps.heartbeatIntervalMs === undefined ? {} : { intervalMs: deps.heartbeatIntervalMs }),
  });
  const diskUsage = createDiskUsageCache(path.join(deps.dataDir, 'archive'));
  const system = createSystemService({
    prisma: deps.prisma,
    clock: deps.clock,
    stats,
    heartbeat,
    archiveDiskBytes: () => diskUsage.get(),
    version: SERVER_VERSION,
    uptimeSeconds: () => process.uptime(),
  });
  return { metrics, heartbeat, system, stats };
}

export type TSystemModule = ReturnType<typeof createSystemModule>;
