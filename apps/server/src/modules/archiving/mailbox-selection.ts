import type { Prisma } from '@wac/db';
import type { TDb } from '../../lib/db';
import type { TStoredProfile } from './archive-profile.repository';

export type TSelectedMailbox = {
  userId: string;
  userName: string;
  userEmail: string;
  archiveFolderId: string;
};

/** Google user ids of the members of these groups, nested groups included (the Directory API). */
export type TExpandGroupMembers = (groupKeys: string[]) => Promise<Set<string>>;

const ARCHIVE_PRIVILEGE = 'archive';

/**
 * The mailboxes a run archives, resolved when it starts. Only directory users have a Gmail mailbox
 * the service account can open; suspended users are left out (Google refuses them) and their
 * archive is kept as it is.
 */
export async function selectMailboxes(
  db: TDb,
  profile: TStoredProfile,
  expandGroupMembers: TExpandGroupMembers,
): Promise<TSelectedMailbox[]> {
  const { mailboxes } = profile;
  const where: Prisma.UserWhereInput = {
    authMethod: 'DIRECTORY',
    isSuspended: false,
    archiveFolder: { isNot: null },
    ...(mailboxes.requireArchivePrivilege ? { privileges: { has: ARCHIVE_PRIVILEGE } } : {}),
  };
  if (mailboxes.scope === 'CHOSEN_USERS') where.id = { in: mailboxes.userIds };
  if (mailboxes.scope === 'GROUP_MEMBERS') {
    const googleIds = await expandGroupMembers(mailboxes.groups.map((group) => group.email));
    where.googleUserId = { in: [...googleIds] };
  }
  const users = await db.user.findMany({
    where,
    select: { id: true, userName: true, emails: true, archiveFolder: { select: { id: true } } },
    orderBy: { userNameKey: 'asc' },
  });
  return users.flatMap((user) => {
    const email = user.emails[0];
    if (email === undefined || user.archiveFolder === null) return [];
    return [
      {
        userId: user.id,
        userName: user.userName,
        userEmail: email.toLowerCase(),
        archiveFolderId: user.archiveFolder.id,
      },
    ];
  });
}
