import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import {
  deleteInstancesNotSeenSince,
  recordHeartbeat,
  recordStopped,
  type TInstanceIdentity,
} from './server-instance.repository';

// An instance missing three beats in a row is shown as gone.
export const HEARTBEAT_INTERVAL_MS = 30_000;
export const ALIVE_WITHIN_MS = HEARTBEAT_INTERVAL_MS * 3;
// Old rows are kept a week so a crash seen on Monday is still on the page on Friday.
export const INSTANCE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export type TInstanceHeartbeatDeps = {
  prisma: TPrisma;
  clock: TClock;
  identity: TInstanceIdentity;
  log: { warn(obj: object, msg?: string): void };
  intervalMs?: number;
};

/**
 * Writes this instance's row at start, every interval while it serves, and `stopped` on a clean
 * shutdown. A failed beat is only logged: the database being away is reported by /readyz.
 */
export function createInstanceHeartbeat(deps: TInstanceHeartbeatDeps) {
  const { prisma, clock, identity } = deps;
  let timer: NodeJS.Timeout | undefined;

  const beat = async () => {
    try {
      const now = clock.now();
      await recordHeartbeat(prisma, identity, now);
      await deleteInstancesNotSeenSince(prisma, new Date(now.getTime() - INSTANCE_RETENTION_MS));
    } catch (error) {
      deps.log.warn({ err: error }, 'instance heartbeat not recorded');
    }
  };

  return {
    identity,
    async start(): Promise<void> {
      if (timer !== undefined) return;
      await beat();
      timer = setInterval(() => void beat(), deps.intervalMs ?? HEARTBEAT_INTERVAL_MS);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      await recordStopped(prisma, identity.id, clock.now()).catch((error: unknown) =>
        deps.log.warn({ err: error }, 'instance stop not recorded'),
      );
    },
  };
}

export type TInstanceHeartbeat = ReturnType<typeof createInstanceHeartbeat>;
