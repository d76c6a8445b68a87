import { createHash } from 'node:crypto';
import type { TArchiveIngest } from '@wac/archive';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import pg from 'pg';
import type { TImapSession } from '../../src/imap/imap-session.types';
import { openImapflowSession } from '../../src/imap/imapflow.session';
import type { TMailboxArchiverDeps, TMailboxTarget } from '../../src/mailbox-archive.contract';
import { startMailTestEnv, type TMailTestEnv } from './mail-test-env';
import { createPgArchiveIngestFake } from './pg-archive-ingest.fake';

export type TArchiveHarness = {
  env: TMailTestEnv;
  db: TTestDatabase;
  pool: pg.Pool;
  ingest: TArchiveIngest & { ingestCalls: number };
  /** UIDs whose bodies were requested from the server, per folder, since the last reset. */
  fetchedUids: Map<string, number[]>;
  newArchiveFolder(owner: string): Promise<string>;
  deps(overrides?: Partial<TMailboxArchiverDeps>): TMailboxArchiverDeps;
  target(archiveFolderId: string, user: string, folders?: Partial<TMailboxTarget['folders']>): TMailboxTarget;
  /** sha256 of every stored blob of this archive folder, per (folder, uid). */
  storedHashes(archiveFolderId: string): Promise<Map<string, string>>;
  close(): Promise<void>;
};

export async function startArchiveHarness(
  options: Parameters<typeof startMailTestEnv>[0] = {},
): Promise<TArchiveHarness> {
  const db = await createTestDatabase();
  const env = await startMailTestEnv(options);
  const pool = new pg.Pool({ connectionString: db.databaseUrl, max: 4 });
  const ingest = await createPgArchiveIngestFake(pool);
  const fetchedUids = new Map<string, number[]>();
  const quietLog = { info: () => undefined, warn: () => undefined };

  // The real imapflow session, watched: records which bodies the archiver asked for.
  const recordingSession = async (...args: Parameters<typeof openImapflowSession>): Promise<TImapSession> => {
    const session = await openImapflowSession(...args);
    let selected = '';
    return {
      ...session,
      isGmail: session.isGmail,
      select: async (path) => {
        selected = path;
        return session.select(path);
      },
      fetchBodies: async (uids) => {
        fetchedUids.set(selected, [...(fetchedUids.get(selected) ?? []), ...uids]);
        return session.fetchBodies(uids);
      },
    };
  };

  return {
    env,
    db,
    pool,
    ingest,
    fetchedUids,
    async newArchiveFolder(owner) {
      const { rows } = await pool.query<{ id: string }>(
        'INSERT INTO archive_folders (name, owner_user_name) VALUES ($1, $2) RETURNING id',
        [`Archive of ${owner}`, owner],
      );
      return (rows[0] as { id: string }).id;
    },
    deps: (overrides = {}) => ({
      pool,
      ingest,
      getAccessToken: env.getAccessToken,
      imap: { host: env.dovecot.host, port: env.dovecot.port, secure: false },
      log: quietLog,
      reconnect: { attempts: 3, baseDelayMs: 50 },
      openSession: recordingSession,
      ...overrides,
    }),
    target: (archiveFolderId, user, folders = {}) => ({
      archiveFolderId,
      userEmail: user,
      folders: { includeSpam: false, includeTrash: false, include: [], exclude: [], ...folders },
    }),
    async storedHashes(archiveFolderId) {
      const { rows } = await pool.query<{ folder: string; uid: string; raw: Buffer }>(
        `SELECT c.folder, c.uid, b.raw FROM fake_copies c JOIN fake_blobs b USING (address)
         WHERE c.archive_folder_id = $1`,
        [archiveFolderId],
      );
      return new Map(rows.map((row) => [`${row.folder}/${row.uid}`, sha256(row.raw)]));
    },
    async close() {
      await pool.end();
      await env.close();
      await db.drop();
    },
  };
}

export function sha256(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}
