import type { Prisma } from '@wac/db';
import type { TDb } from '../../lib/db';
import type { TSignInCandidate } from './oidc-identity.matcher';

const CANDIDATE_SELECT = {
  id: true,
  userName: true,
  fullName: true,
  emails: true,
  authMethod: true,
  googleUserId: true,
  isSuspended: true,
  isArchived: true,
  privileges: true,
} as const satisfies Prisma.UserSelect;

export async function findUserByGoogleId(db: TDb, googleUserId: string): Promise<TSignInCandidate | null> {
  return db.user.findUnique({ where: { googleUserId }, select: CANDIDATE_SELECT });
}

/** Users holding the address as primary or alias (the GIN index on emails answers this). */
export async function findUsersByEmail(db: TDb, email: string): Promise<TSignInCandidate[]> {
  return db.user.findMany({ where: { emails: { has: email } }, select: CANDIDATE_SELECT, take: 5 });
}

/** Deleting a user keeps its archive under the old user name, which for synced users is the address. */
export async function existsArchiveOfDeletedUser(db: TDb, userName: string): Promise<boolean> {
  const folder = await db.archiveFolder.findFirst({
    where: { ownerUserId: null, ownerUserName: { equals: userName, mode: 'insensitive' } },
    select: { id: true },
  });
  return folder !== null;
}

/** Only fills an empty id: a concurrent sync or sign-in that recorded one first wins. */
export async function recordGoogleUserId(db: TDb, userId: string, googleUserId: string): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, googleUserId: null },
    data: { googleUserId },
  });
  return count === 1;
}

export type TWorkspaceDomains = {
  domains: Set<string>;
  /** The domain most synced users' primary addresses are in: Google's `hd` hint. */
  primaryDomain: string | undefined;
};

/** Domains of every address of every synced (directory) user, primary ones counted separately. */
export async function findWorkspaceDomains(db: TDb): Promise<TWorkspaceDomains> {
  const rows = await db.$queryRaw<{ domain: string; primaryCount: bigint }[]>`
    SELECT lower(split_part(address, '@', 2)) AS domain,
           count(*) FILTER (WHERE ord = 1) AS "primaryCount"
    FROM users, unnest(emails) WITH ORDINALITY AS e(address, ord)
    WHERE auth_method = 'DIRECTORY' AND address LIKE '%@%'
    GROUP BY 1
    ORDER BY 2 DESC, 1`;
  const first = rows[0];
  return {
    domains: new Set(rows.map((row) => row.domain)),
    primaryDomain: first !== undefined && first.primaryCount > 0n ? first.domain : undefined,
  };
}
