import type { Prisma } from '@wac/db';
import type { TDb } from '../../lib/db';

const PROFILE_ID = 1;

export type TArchiveGroup = { id: string; email: string; name: string };

/** The profile as runs use it (also snapshotted into each run, so history explains itself). */
export type TStoredProfile = {
  mailboxes: {
    scope: 'ALL_SYNCED_USERS' | 'GROUP_MEMBERS' | 'CHOSEN_USERS';
    groups: TArchiveGroup[];
    userIds: string[];
    requireArchivePrivilege: boolean;
  };
  folders: { includeSpam: boolean; includeTrash: boolean; include: string[]; exclude: string[] };
  schedule: { mode: 'OFF' | 'HOURLY' | 'DAILY'; time: string };
};

/** Gmail's Spam and Trash stay out unless switched on: All Mail plus Sent is what admins expect. */
export function defaultProfile(): TStoredProfile {
  return {
    mailboxes: { scope: 'ALL_SYNCED_USERS', groups: [], userIds: [], requireArchivePrivilege: true },
    folders: { includeSpam: false, includeTrash: false, include: [], exclude: [] },
    schedule: { mode: 'OFF', time: '02:00' },
  };
}

export async function readProfile(
  db: TDb,
): Promise<{ profile: TStoredProfile; updatedAt: Date | null; updatedByName: string | null }> {
  const row = await db.archiveProfile.findUnique({ where: { id: PROFILE_ID } });
  if (row === null) return { profile: defaultProfile(), updatedAt: null, updatedByName: null };
  return {
    profile: {
      mailboxes: {
        scope: row.mailboxScope,
        groups: row.groups as unknown as TArchiveGroup[],
        userIds: row.userIds,
        requireArchivePrivilege: row.requireArchivePrivilege,
      },
      folders: {
        includeSpam: row.includeSpam,
        includeTrash: row.includeTrash,
        include: row.includeFolders,
        exclude: row.excludeFolders,
      },
      schedule: { mode: row.scheduleMode, time: row.scheduleTime },
    },
    updatedAt: row.updatedAt,
    updatedByName: row.updatedByName,
  };
}

export async function writeProfile(
  db: TDb,
  profile: TStoredProfile,
  updatedByName: string,
  now: Date,
): Promise<void> {
  const data = {
    mailboxScope: profile.mailboxes.scope,
    groups: profile.mailboxes.groups as unknown as Prisma.InputJsonValue,
    userIds: profile.mailboxes.userIds,
    requireArchivePrivilege: profile.mailboxes.requireArchivePrivilege,
    includeSpam: profile.folders.includeSpam,
    includeTrash: profile.folders.includeTrash,
    includeFolders: profile.folders.include,
    excludeFolders: profile.folders.exclude,
    scheduleMode: profile.schedule.mode,
    scheduleTime: profile.schedule.time,
    updatedByName,
    // The schedule counts from this save, so it must be the service's clock, not the database's.
    updatedAt: now,
  };
  await db.archiveProfile.upsert({
    where: { id: PROFILE_ID },
    create: { id: PROFILE_ID, ...data },
    update: data,
  });
}

/** User names for the chosen ids, in the order chosen; ids of users deleted since are dropped. */
export async function findUserNames(db: TDb, ids: string[]): Promise<{ id: string; userName: string }[]> {
  if (ids.length === 0) return [];
  const rows = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, userName: true } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}
