import type { Prisma } from '@wac/db';
import type { TDb } from '../../lib/db';

export type TAccessLogInsert = {
  at: Date;
  actorUserId: string | null;
  actorName: string;
  area: string;
  action: string;
  result: string;
  archiveFolderIds: string[];
  messageAddress: string | null;
  query: string | null;
  details: Prisma.InputJsonObject;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
};

/** The only write there is: the table takes no UPDATE or DELETE (a trigger refuses them). */
export async function insertAccessLogEntry(db: TDb, entry: TAccessLogInsert): Promise<void> {
  await db.archiveAccessLog.create({ data: entry });
}

export type TAccessLogFilter = {
  actor?: string;
  action?: string;
  result?: string;
  archiveFolderId?: string;
  since?: Date;
  until?: Date;
  beforeId?: bigint;
  limit: number;
};

/** Newest first, keyset on id. */
export async function listAccessLogEntries(db: TDb, filter: TAccessLogFilter) {
  return db.archiveAccessLog.findMany({
    where: {
      ...(filter.actor ? { actorName: { contains: filter.actor, mode: 'insensitive' } } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.result ? { result: filter.result } : {}),
      ...(filter.archiveFolderId ? { archiveFolderIds: { has: filter.archiveFolderId } } : {}),
      ...(filter.since || filter.until
        ? {
            at: {
              ...(filter.since ? { gte: filter.since } : {}),
              ...(filter.until ? { lt: filter.until } : {}),
            },
          }
        : {}),
      ...(filter.beforeId !== undefined ? { id: { lt: filter.beforeId } } : {}),
    },
    orderBy: { id: 'desc' },
    take: filter.limit,
  });
}
