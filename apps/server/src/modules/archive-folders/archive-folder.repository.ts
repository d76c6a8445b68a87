import type { TDb, TPrisma } from '../../lib/db';

/** Folders whose owner was removed, newest removal first (an admin looks for a recent leaver). */
export function listOrphanedFolders(db: TDb) {
  return db.archiveFolder.findMany({
    where: { ownerUserId: null },
    orderBy: [{ ownerRemovedAt: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }],
    select: {
      id: true,
      name: true,
      ownerUserName: true,
      ownerGoogleUserId: true,
      ownerRemovedAt: true,
      createdAt: true,
    },
  });
}

export type TAssignOutcome =
  | 'assigned'
  | 'folder-not-found'
  | 'folder-owned'
  | 'user-not-found'
  | 'user-has-folder';

/**
 * Gives an orphaned folder to a user who has none, with full access to it. Under a row lock on the
 * folder, so two admins (or a returning user's sync) cannot both take it.
 */
export async function assignFolder(db: TPrisma, folderId: string, userId: string): Promise<TAssignOutcome> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRawUnsafe<{ owner_user_id: string | null }[]>(
      'SELECT "owner_user_id" FROM "archive_folders" WHERE "id" = $1::uuid FOR UPDATE',
      folderId,
    );
    if (locked.length === 0) return 'folder-not-found';
    if (locked[0]?.owner_user_id !== null) return 'folder-owned';
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { userName: true, googleUserId: true, archiveFolder: { select: { id: true } } },
    });
    if (user === null) return 'user-not-found';
    if (user.archiveFolder !== null) return 'user-has-folder';
    await tx.archiveFolder.update({
      where: { id: folderId },
      data: {
        ownerUserId: userId,
        ownerUserName: user.userName,
        ownerGoogleUserId: user.googleUserId,
        ownerRemovedAt: null,
      },
    });
    await tx.folderAccess.upsert({
      where: { folderId_userId: { folderId, userId } },
      create: { folderId, userId, canRead: true, canWrite: false, canDelete: false },
      update: { canRead: true },
    });
    return 'assigned';
  });
}
