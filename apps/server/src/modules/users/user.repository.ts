import { Prisma } from '@wac/db';
import type { TDb } from '../../lib/db';

const SUMMARY_SELECT = {
  id: true,
  userName: true,
  fullName: true,
  emails: true,
  authMethod: true,
  isSuspended: true,
  isArchived: true,
  privileges: true,
} as const satisfies Prisma.UserSelect;

const DETAIL_SELECT = {
  ...SUMMARY_SELECT,
  googleUserId: true,
  orgUnitPath: true,
  createdAt: true,
  updatedAt: true,
  archiveFolder: { select: { id: true, name: true } },
} as const satisfies Prisma.UserSelect;

export type TUserSummaryRow = Prisma.UserGetPayload<{ select: typeof SUMMARY_SELECT }>;
export type TUserDetailRow = Prisma.UserGetPayload<{ select: typeof DETAIL_SELECT }>;

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Case-insensitive substring search over user name, full name and every address. Prisma's list
 * filters only match whole elements, so the address part needs unnest() in SQL.
 */
export async function searchUsers(
  db: TDb,
  options: { search: string; skip: number; take: number },
): Promise<{ rows: TUserSummaryRow[]; total: number }> {
  const pattern = likePattern(options.search);
  const matches =
    options.search === ''
      ? Prisma.sql`TRUE`
      : Prisma.sql`(u.user_name ILIKE ${pattern} OR u.full_name ILIKE ${pattern}
          OR EXISTS (SELECT 1 FROM unnest(u.emails) AS email WHERE email ILIKE ${pattern}))`;

  const [countRows, idRows] = await Promise.all([
    db.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM users u WHERE ${matches}`,
    db.$queryRaw<{ id: string }[]>`
      SELECT u.id::text AS id FROM users u WHERE ${matches}
      ORDER BY u.user_name_key, u.id LIMIT ${options.take} OFFSET ${options.skip}`,
  ]);

  const ids = idRows.map((row) => row.id);
  const found = await db.user.findMany({ where: { id: { in: ids } }, select: SUMMARY_SELECT });
  const byId = new Map(found.map((row) => [row.id, row]));
  return {
    rows: ids.flatMap((id) => byId.get(id) ?? []),
    total: Number(countRows[0]?.total ?? 0),
  };
}

export async function findUserDetail(db: TDb, id: string): Promise<TUserDetailRow | null> {
  return db.user.findUnique({ where: { id }, select: DETAIL_SELECT });
}

/** The only read that returns the password hash; it never leaves the auth service. */
export async function findUserForSignIn(db: TDb, userNameKey: string) {
  return db.user.findUnique({
    where: { userNameKey },
    select: { ...SUMMARY_SELECT, passwordHash: true },
  });
}

export async function existsUserWithPrivilege(db: TDb, privilege: string): Promise<boolean> {
  const user = await db.user.findFirst({ where: { privileges: { has: privilege } }, select: { id: true } });
  return user !== null;
}

export async function existsUserNameKey(db: TDb, userNameKey: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { userNameKey }, select: { id: true } });
  return user !== null;
}

export async function createLocalUserWithArchive(
  db: TDb,
  input: {
    userName: string;
    userNameKey: string;
    fullName: string;
    privileges: string[];
    passwordHash: string;
  },
): Promise<TUserSummaryRow & { archiveFolderId: string }> {
  const user = await db.user.create({
    data: {
      userName: input.userName,
      userNameKey: input.userNameKey,
      fullName: input.fullName,
      authMethod: 'LOCAL',
      privileges: input.privileges,
      passwordHash: input.passwordHash,
      archiveFolder: {
        create: { name: `Archive of ${input.userName}`, ownerUserName: input.userName },
      },
    },
    select: { ...SUMMARY_SELECT, archiveFolder: { select: { id: true } } },
  });
  const { archiveFolder, ...summary } = user;
  if (archiveFolder === null) throw new Error('archive folder was not created with the user');
  await db.folderAccess.create({
    data: { folderId: archiveFolder.id, userId: user.id, canRead: true, canWrite: true, canDelete: false },
  });
  return { ...summary, archiveFolderId: archiveFolder.id };
}
