import type { Prisma } from '@wac/db';
import type { TDb } from '../../lib/db';

export type TAuditRow = {
  at: Date;
  actorUserId: string | null;
  actorName: string;
  action: string;
  target: string | null;
  details: Prisma.InputJsonObject;
  ip: string | null;
  requestId: string | null;
};

export async function insertAuditEntry(db: TDb, row: TAuditRow): Promise<void> {
  await db.auditLog.create({ data: row });
}

export async function listAuditEntries(db: TDb, options: { limit: number; action?: string }) {
  return db.auditLog.findMany({
    where: options.action === undefined ? {} : { action: options.action },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: options.limit,
  });
}
