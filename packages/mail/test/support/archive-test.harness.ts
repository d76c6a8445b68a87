import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createArchiveIngest,
  createFsBlobStore,
  deriveArchiveKeys,
  type TArchiveIngest,
  type TBlobStore,
} from '@wac/archive';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import pg from 'pg';
import type { TImapSession } from '../../src/imap/imap-session.types';
import { openImapflowSession } from '../../src/imap/imapflow.session';
import type { TMailboxArchiverDeps, TMailboxTarget } from '../../src/mailbox-archive.contract';
import { startMailTestEnv, type TMailTestEnv } from './mail-test-env';

export type TArchiveHarness = {
  env: TMailTestEnv;
  db: TTestDatabase;
  pool: pg.Pool;
  ingest: TArchiveIngest;
  store: TBlobStore;
  /** Where the blob store lives and its master key, for a child process sharing the archive. */
  storeRoot: string;
  masterKey: Buffer;
  /** UIDs whose bodies were requested from the server, per folder, since the last reset. */
  fetchedUids: Map<string, number[]>;
  /** Folders the archiver SELECTed, in order, since the last reset. */
  selectedFolders: string[];
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
  const root = await mkdtemp(join(tmpdir(), 'wac-mail-archive-'));
  await chmod(root, 0o711);
  const storeRoot = join(root, 'archive');
  const masterKey = randomBytes(32);
  const store = createFsBlobStore({ root: storeRoot, keys: deriveArchiveKeys(masterKey) });
  const ingest = createArchiveIngest({ pool, store });
  const fetchedUids = new Map<string, number[]>();
  const selectedFolders: string[] = [];
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
        selectedFolders.push(path);
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
    store,
    storeRoot,
    masterKey,
    fetchedUids,
    selectedFolders,
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
      const { rows } = await pool.query<{ folder: string; uid: string; address: string }>(
        'SELECT folder, uid, message_address AS address FROM archived_message_copies WHERE archive_folder_id = $1',
        [archiveFolderId],
      );
      const out = new Map<string, string>();
      for (const row of rows) out.set(`${row.folder}/${row.uid}`, sha256(await store.get(row.address)));
      return out;
    },
    async close() {
      await pool.end();
      await env.close();
      await db.drop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export function sha256(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}
