import type { TDb } from '../../lib/db';

export type TInstanceIdentity = { id: string; host: string; pid: number; version: string; startedAt: Date };

export async function recordHeartbeat(db: TDb, instance: TInstanceIdentity, now: Date): Promise<void> {
  await db.serverInstance.upsert({
    where: { id: instance.id },
    create: { ...instance, lastSeenAt: now },
    update: { lastSeenAt: now, stoppedAt: null },
  });
}

export async function recordStopped(db: TDb, id: string, now: Date): Promise<void> {
  await db.serverInstance.updateMany({ where: { id }, data: { lastSeenAt: now, stoppedAt: now } });
}

/** Instances seen since `since`, newest first. */
export function listInstancesSeenSince(db: TDb, since: Date) {
  return db.serverInstance.findMany({
    where: { lastSeenAt: { gte: since } },
    orderBy: [{ lastSeenAt: 'desc' }],
    take: 50,
  });
}

/** Rows of instances gone for longer than the page shows: a restart adds one each time. */
export async function deleteInstancesNotSeenSince(db: TDb, before: Date): Promise<void> {
  await db.serverInstance.deleteMany({ where: { lastSeenAt: { lt: before } } });
}
