import type { PrismaClient } from '@wac/db';
import { DELETE_DIRECTORY_USERS_SQL } from '../execute/bulk-insert.sql';
import { SYNC_EXECUTION_LOCK_KEY } from './run-lock';

export type TStaleUserRemoval =
  | { outcome: 'removed'; archiveFolderId: string | null }
  | { outcome: 'not-found' }
  | { outcome: 'sync-running' };

/**
 * Deletes one directory user the way a sync deletes one: the user entry goes, the archive folder
 * stays with its former owner's name, Google id and removal date. Refused while a run executes
 * (its plan may still name this user), so the run's execution lock is tried, not waited for.
 */
export async function removeStaleDirectoryUser(
  prisma: PrismaClient,
  userId: string,
  now: Date,
): Promise<TStaleUserRemoval> {
  return prisma.$transaction(async (tx) => {
    const [lock] = await tx.$queryRawUnsafe<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock($1::bigint) AS locked',
      SYNC_EXECUTION_LOCK_KEY,
    );
    if (!lock?.locked) return { outcome: 'sync-running' };
    const [user] = await tx.$queryRawUnsafe<{ folder_id: string | null }[]>(
      `SELECT f."id" AS folder_id FROM "users" AS u LEFT JOIN "archive_folders" AS f ON f."owner_user_id" = u."id" ` +
        `WHERE u."id" = $1::uuid AND u."auth_method" = 'DIRECTORY' FOR UPDATE OF u`,
      userId,
    );
    if (user === undefined) return { outcome: 'not-found' };
    await tx.$executeRawUnsafe(DELETE_DIRECTORY_USERS_SQL, [userId], now);
    return { outcome: 'removed', archiveFolderId: user.folder_id };
  });
}
