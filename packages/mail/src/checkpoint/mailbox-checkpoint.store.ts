import type pg from 'pg';

export type TMailboxCheckpoint = {
  folder: string;
  uidValidity: number;
  highestUid: number;
  highestModseq?: bigint;
};

type TQueryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export function createCheckpointStore(pool: pg.Pool) {
  return {
    async read(archiveFolderId: string, folder: string): Promise<TMailboxCheckpoint | undefined> {
      const { rows } = await pool.query<{
        uid_validity: string;
        highest_uid: string;
        highest_modseq: string | null;
      }>(
        'SELECT uid_validity, highest_uid, highest_modseq FROM mailbox_checkpoints WHERE archive_folder_id = $1 AND folder = $2',
        [archiveFolderId, folder],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        folder,
        uidValidity: Number(row.uid_validity),
        highestUid: Number(row.highest_uid),
        ...(row.highest_modseq !== null ? { highestModseq: BigInt(row.highest_modseq) } : {}),
      };
    },

    /**
     * Starts over for a new UIDVALIDITY: the old UIDs mean nothing any more. Safe outside a batch
     * because it claims nothing is archived.
     */
    async reset(archiveFolderId: string, folder: string, uidValidity: number): Promise<void> {
      await pool.query(
        `INSERT INTO mailbox_checkpoints (archive_folder_id, folder, uid_validity, highest_uid, highest_modseq, updated_at)
         VALUES ($1, $2, $3, 0, NULL, now())
         ON CONFLICT (archive_folder_id, folder)
         DO UPDATE SET uid_validity = $3, highest_uid = 0, highest_modseq = NULL, updated_at = now()`,
        [archiveFolderId, folder, uidValidity],
      );
    },

    /**
     * Moves the checkpoint forward, never back, inside the ingest transaction (`client`), so it
     * commits together with the archived rows it describes.
     */
    async advance(
      client: TQueryable,
      archiveFolderId: string,
      checkpoint: TMailboxCheckpoint,
    ): Promise<void> {
      await client.query(
        `INSERT INTO mailbox_checkpoints (archive_folder_id, folder, uid_validity, highest_uid, highest_modseq, updated_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (archive_folder_id, folder) DO UPDATE SET
           highest_uid = CASE WHEN mailbox_checkpoints.uid_validity = EXCLUDED.uid_validity
                              THEN GREATEST(mailbox_checkpoints.highest_uid, EXCLUDED.highest_uid)
                              ELSE EXCLUDED.highest_uid END,
           uid_validity = EXCLUDED.uid_validity,
           highest_modseq = COALESCE(EXCLUDED.highest_modseq, mailbox_checkpoints.highest_modseq),
           updated_at = now()`,
        [
          archiveFolderId,
          checkpoint.folder,
          checkpoint.uidValidity,
          checkpoint.highestUid,
          checkpoint.highestModseq?.toString() ?? null,
        ],
      );
    },
  };
}

export type TCheckpointStore = ReturnType<typeof createCheckpointStore>;
