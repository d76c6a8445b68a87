import type { TTestDatabase } from '@wac/db/testing';

type TSeedUser = {
  userName: string;
  fullName: string;
  emails: string[];
  isSuspended?: boolean;
  privileges?: string[];
  orgUnitPath?: string;
};

const FIRST_NAMES = ['Amara', 'Bruno', 'Chen', 'Dagny', 'Emeka', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jun'];
const LAST_NAMES = ['Okafor', 'Lindqvist', 'Moreau'];

/** A few hand-picked users the tests look at closely, plus fillers so the list needs two pages. */
export const FEATURED_USERS = {
  withAliases: {
    userName: 'ines.ferreira@example.com',
    fullName: 'Inês Ferreira',
    emails: ['ines.ferreira@example.com', 'ines@example.org', 'finance-lead@example.com'],
    privileges: ['login', 'archive', 'export', 'delete'],
    orgUnitPath: '/Finance',
  },
  suspended: {
    userName: 'tomas.novak@example.com',
    fullName: 'Tomáš Novák',
    emails: ['tomas.novak@example.com'],
    isSuspended: true,
    privileges: ['login'],
    orgUnitPath: '/Sales/EMEA',
  },
} satisfies Record<string, TSeedUser>;

function fillerUsers(): TSeedUser[] {
  return LAST_NAMES.flatMap((last) =>
    FIRST_NAMES.map((first) => {
      const userName = `${first}.${last}@example.com`.toLowerCase();
      return { userName, fullName: `${first} ${last}`, emails: [userName], privileges: ['login'] };
    }),
  );
}

export const SEEDED_USER_COUNT = Object.keys(FEATURED_USERS).length + FIRST_NAMES.length * LAST_NAMES.length;

/** Inserts directory users (each with an archive folder) straight through Prisma. */
export async function seedDirectoryUsers(database: TTestDatabase): Promise<Map<string, string>> {
  const idsByUserName = new Map<string, string>();
  const users: TSeedUser[] = [...Object.values(FEATURED_USERS), ...fillerUsers()];
  for (const [index, user] of users.entries()) {
    const created = await database.prisma.user.create({
      data: {
        userName: user.userName,
        userNameKey: user.userName.toLowerCase(),
        fullName: user.fullName,
        emails: user.emails,
        authMethod: 'DIRECTORY',
        googleUserId: String(104_000_000_000_000_000_000n + BigInt(index)),
        orgUnitPath: user.orgUnitPath ?? '/',
        isSuspended: user.isSuspended ?? false,
        privileges: user.privileges ?? ['login'],
        // Named as directory sync names them: the user detail shows the folder's own name.
        archiveFolder: { create: { name: `Archive of ${user.userName}`, ownerUserName: user.userName } },
      },
    });
    idsByUserName.set(user.userName, created.id);
  }
  return idsByUserName;
}
