import type { TDb } from '../../lib/db';

export type TSessionKind = 'ADMIN' | 'USER';

export async function insertSession(
  db: TDb,
  row: {
    id: string;
    userId: string;
    csrfSecret: string;
    kind: TSessionKind;
    createdAt: Date;
    lastSeenAt: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db.session.create({ data: row });
}

export async function findSessionWithUser(db: TDb, id: string) {
  return db.session.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      csrfSecret: true,
      createdAt: true,
      lastSeenAt: true,
      expiresAt: true,
      user: {
        select: {
          id: true,
          userName: true,
          fullName: true,
          privileges: true,
          isSuspended: true,
          isArchived: true,
        },
      },
    },
  });
}

export async function touchSession(db: TDb, id: string, lastSeenAt: Date): Promise<void> {
  await db.session.updateMany({ where: { id }, data: { lastSeenAt } });
}

export async function deleteSession(db: TDb, id: string): Promise<void> {
  await db.session.deleteMany({ where: { id } });
}

export async function deleteExpiredSessions(db: TDb, now: Date, idleSince: Date): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: idleSince } }] },
  });
  return count;
}
