import type { TSqlClient } from '../execute/sql-transaction';
import type { TOrphanedFolder } from '../plan/plan.types';

// Newest removal first, so a Google id removed twice reconnects to the folder it had last.
const SELECT_ORPHANED_SQL =
  `SELECT "id", "name", "owner_user_name", "owner_google_user_id" FROM "archive_folders" ` +
  `WHERE "owner_user_id" IS NULL AND "owner_google_user_id" IS NOT NULL ` +
  `ORDER BY "owner_removed_at" DESC NULLS LAST, "created_at" DESC`;

/** Folders whose owner was removed, by that owner's Google id (see TPlanInput.orphanedFolders). */
export async function loadOrphanedFolders(sql: TSqlClient): Promise<Map<string, TOrphanedFolder>> {
  const { rows } = await sql.query<{
    id: string;
    name: string;
    owner_user_name: string;
    owner_google_user_id: string;
  }>(SELECT_ORPHANED_SQL);
  const folders = new Map<string, TOrphanedFolder>();
  for (const row of rows) {
    if (folders.has(row.owner_google_user_id)) continue;
    folders.set(row.owner_google_user_id, {
      folderId: row.id,
      name: row.name,
      formerUserName: row.owner_user_name,
    });
  }
  return folders;
}
