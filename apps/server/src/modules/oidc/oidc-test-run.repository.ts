import type { OidcTestStatus } from '@wac/db';
import type { TDb } from '../../lib/db';

export async function insertTestRun(
  db: TDb,
  data: {
    requestedById: string;
    requestedByName: string;
    targetUserId: string;
    targetUserName: string;
    loginHint: string | null;
    createdAt: Date;
  },
) {
  return db.oidcTestRun.create({ data });
}

export async function findTestRun(db: TDb, id: string) {
  return db.oidcTestRun.findUnique({ where: { id } });
}

export type TTestRunRow = NonNullable<Awaited<ReturnType<typeof findTestRun>>>;

/** Records the first outcome only; a second callback for the same test changes nothing. */
export async function completeTestRun(
  db: TDb,
  id: string,
  outcome: {
    status: Exclude<OidcTestStatus, 'PENDING'>;
    reasonCode: string | null;
    message: string;
    matchedUserId: string | null;
    matchedUserName: string | null;
    googleEmail: string | null;
    hostedDomain: string | null;
    completedAt: Date;
  },
): Promise<void> {
  await db.oidcTestRun.updateMany({ where: { id, status: 'PENDING' }, data: outcome });
}
