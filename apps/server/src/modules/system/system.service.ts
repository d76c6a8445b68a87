import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TInstanceHeartbeat } from './instance-heartbeat';
import { ALIVE_WITHIN_MS, INSTANCE_RETENTION_MS } from './instance-heartbeat';
import { listInstancesSeenSince } from './server-instance.repository';
import type { TSystemOverview } from './system.schemas';
import { listRecentProblems } from './system-problems.repository';
import type { TSystemStatsCache } from './system-stats.cache';

const PROBLEMS_SHOWN = 20;

export type TSystemServiceDeps = {
  prisma: TPrisma;
  clock: TClock;
  stats: TSystemStatsCache;
  heartbeat: TInstanceHeartbeat;
  /** Bytes under DATA_DIR/archive (cached), or null when there is nothing there. */
  archiveDiskBytes: () => Promise<number | null>;
  version: string;
  /** Seconds this process has been up (process.uptime in production). */
  uptimeSeconds: () => number;
};

export function createSystemService(deps: TSystemServiceDeps) {
  return {
    /** What an operator checks first: versions, sizes, queues, who is running, what failed lately. */
    async getOverview(): Promise<TSystemOverview> {
      const now = deps.clock.now();
      const [stats, diskBytes, instances, problems] = await Promise.all([
        deps.stats.get(),
        deps.archiveDiskBytes(),
        listInstancesSeenSince(deps.prisma, new Date(now.getTime() - INSTANCE_RETENTION_MS)),
        listRecentProblems(deps.prisma, PROBLEMS_SHOWN),
      ]);
      const thisId = deps.heartbeat.identity.id;
      return {
        version: deps.version,
        nodeVersion: process.version,
        uptimeSeconds: Math.round(deps.uptimeSeconds()),
        databaseBytes: stats.databaseBytes,
        archive: { ...stats.archive, diskBytes },
        usersByAuthMethod: stats.usersByAuthMethod,
        mailboxesByState: stats.mailboxesByState,
        queues: stats.queueDepths,
        instances: instances.map((row) => ({
          id: row.id,
          host: row.host,
          pid: row.pid,
          version: row.version,
          startedAt: row.startedAt.toISOString(),
          lastSeenAt: row.lastSeenAt.toISOString(),
          stoppedAt: row.stoppedAt?.toISOString() ?? null,
          isAlive: row.stoppedAt === null && now.getTime() - row.lastSeenAt.getTime() <= ALIVE_WITHIN_MS,
          isThisInstance: row.id === thisId,
        })),
        problems: problems.map((problem) => ({ ...problem, at: problem.at.toISOString() })),
      };
    },
  };
}

export type TSystemService = ReturnType<typeof createSystemService>;
