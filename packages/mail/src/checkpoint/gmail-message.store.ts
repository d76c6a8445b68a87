import type pg from 'pg';

type TQueryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export type TGmailSighting = { gmailMessageId: string; folder: string; uidValidity: number; uid: number };

/**
 * Which X-GM-MSGIDs an archive folder holds and under which (folder, UIDVALIDITY, UID) they were
 * last seen. Gmail keeps X-GM-MSGID across a UIDVALIDITY change, so a new UID whose id is known
 * is remapped here instead of downloaded again.
 */
export function createGmailMessageStore(pool: pg.Pool) {
  return {
    /** Records sightings (inside the ingest transaction, or alone for a remap). */
    async record(client: TQueryable, archiveFolderId: string, sightings: readonly TGmailSighting[]) {
      if (sightings.length === 0) return;
      await client.query(
        `INSERT INTO mailbox_gmail_messages (archive_folder_id, gmail_message_id, folder, uid_validity, uid)
         SELECT $1, s.id, s.folder, s.uid_validity, s.uid
         FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS s(id, folder, uid_validity, uid)
         ON CONFLICT (archive_folder_id, gmail_message_id)
         DO UPDATE SET folder = EXCLUDED.folder, uid_validity = EXCLUDED.uid_validity, uid = EXCLUDED.uid`,
        [
          archiveFolderId,
          sightings.map((s) => s.gmailMessageId),
          sightings.map((s) => s.folder),
          sightings.map((s) => s.uidValidity),
          sightings.map((s) => s.uid),
        ],
      );
    },

    /** Of these ids, the ones this archive folder already holds. */
    async known(archiveFolderId: string, gmailMessageIds: readonly string[]): Promise<Set<string>> {
      if (gmailMessageIds.length === 0) return new Set();
      const { rows } = await pool.query<{ gmail_message_id: string }>(
        'SELECT gmail_message_id FROM mailbox_gmail_messages WHERE archive_folder_id = $1 AND gmail_message_id = ANY($2::text[])',
        [archiveFolderId, gmailMessageIds],
      );
      return new Set(rows.map((row) => row.gmail_message_id));
    },

    /** UIDs of `folder` under this UIDVALIDITY that were remapped or archived, ascending. */
    async uidsSeen(archiveFolderId: string, folder: string, uidValidity: number): Promise<number[]> {
      const { rows } = await pool.query<{ uid: string }>(
        'SELECT uid FROM mailbox_gmail_messages WHERE archive_folder_id = $1 AND folder = $2 AND uid_validity = $3 ORDER BY uid',
        [archiveFolderId, folder, uidValidity],
      );
      return rows.map((row) => Number(row.uid));
    },
  };
}

export type TGmailMessageStore = ReturnType<typeof createGmailMessageStore>;
