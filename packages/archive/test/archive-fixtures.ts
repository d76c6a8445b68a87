import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import pg from 'pg';
import type { TMessageSource } from '../src/archive.contract';
import { deriveArchiveKeys } from '../src/keys/archive-keys';
import { createFsBlobStore } from '../src/store/fs-blob-store';

export type TArchiveTestEnv = {
  db: TTestDatabase;
  pool: pg.Pool;
  root: string;
  masterKey: Buffer;
  store: ReturnType<typeof createFsBlobStore>;
  createArchiveFolder(name: string): Promise<string>;
  close(): Promise<void>;
};

/** A fresh migrated database, a pool on it and an empty store under a temp folder. */
export async function createArchiveTestEnv(): Promise<TArchiveTestEnv> {
  const db = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: db.databaseUrl, max: 4 });
  const root = await mkdtemp(path.join(tmpdir(), 'wac-archive-'));
  await chmod(root, 0o711);
  const masterKey = randomBytes(32);
  const store = createFsBlobStore({ root: path.join(root, 'archive'), keys: deriveArchiveKeys(masterKey) });
  return {
    db,
    pool,
    root,
    masterKey,
    store,
    async createArchiveFolder(name) {
      const result = await pool.query<{ id: string }>(
        `INSERT INTO "archive_folders" ("name", "owner_user_name") VALUES ($1, $2) RETURNING "id"`,
        [`Archive of ${name}`, name],
      );
      return (result.rows[0] as { id: string }).id;
    },
    async close() {
      await pool.end();
      await db.drop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export function source(folder: string, uid: number, extra: Partial<TMessageSource> = {}): TMessageSource {
  return { folder, uidValidity: 1, uid, flags: ['\\Seen'], ...extra };
}

export function mail(options: { messageId: string; subject: string; body: string; from?: string }): Buffer {
  return Buffer.from(
    [
      `From: ${options.from ?? 'Alice <alice@example.com>'}`,
      'To: Bob <bob@example.com>',
      `Subject: ${options.subject}`,
      `Message-ID: ${options.messageId}`,
      'Date: Tue, 01 Oct 2024 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      options.body,
      '',
    ].join('\r\n'),
  );
}
