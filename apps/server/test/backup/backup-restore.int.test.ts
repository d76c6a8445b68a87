import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createArchiveIngest, createFsBlobStore, deriveArchiveKeys, runArchiveVerify } from '@wac/archive';
import {
  createEmptyTestDatabase,
  createTestDatabase,
  type TEmptyTestDatabase,
  type TTestDatabase,
} from '@wac/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMasterKey } from '../../src/modules/secrets';
import { spawnServer, type TServerProcess } from '../support/server-process';
import { createUser } from '../support/users.fixture';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const NODE = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');

function runScript(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(NODE, ['--import', 'tsx', script, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function mail(i: number): Buffer {
  return Buffer.from(
    [
      'From: Carol <carol@example.com>',
      'To: dave@example.com',
      `Subject: Backup message ${i}`,
      `Message-ID: <backup-${i}@example.com>`,
      'Date: Sat, 05 Dec 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Body ${i} ${'lorem ipsum '.repeat(i % 7)}`,
      '',
    ].join('\r\n'),
  );
}

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  // As root the embedded Postgres runs as `postgres`, which must traverse the data dir.
  await chmod(dir, 0o711);
  return dir;
}

describe('pnpm backup and pnpm restore', () => {
  let source: TTestDatabase;
  let target: TEmptyTestDatabase;
  let sourceDir: string;
  let targetDir: string;
  let backupRoot: string;
  let server: TServerProcess | undefined;
  let pool: pg.Pool;

  beforeAll(async () => {
    source = await createTestDatabase();
    target = await createEmptyTestDatabase();
    sourceDir = await tempDir('wac-backup-src-');
    targetDir = await tempDir('wac-backup-dst-');
    backupRoot = await tempDir('wac-backup-out-');
    pool = new pg.Pool({ connectionString: source.databaseUrl, max: 4 });
  });

  afterAll(async () => {
    await server?.stop();
    await pool?.end();
    await source?.drop();
    await target?.drop();
    for (const dir of [sourceDir, targetDir, backupRoot])
      if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('restores every message readable and archive:verify clean, from a backup taken while the server archives', async () => {
    const keyFile = path.join(sourceDir, 'secrets.key');
    const masterKey = (await loadMasterKey({ secretsKey: undefined, keyFile })).key;
    const sourceEnv = { DATABASE_URL: source.databaseUrl, DATA_DIR: sourceDir };
    server = spawnServer({ ...sourceEnv, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'backup-test-pw' });
    // Started from source under tsx: on a loaded 2-core machine this can take a while.
    await server.ready(120_000);

    const carol = await createUser(source.prisma, { userName: 'carol', emails: ['carol@example.com'] });
    const folder = await source.prisma.archiveFolder.findUniqueOrThrow({ where: { ownerUserId: carol.id } });
    const store = createFsBlobStore({
      root: path.join(sourceDir, 'archive'),
      keys: deriveArchiveKeys(masterKey),
    });
    const ingest = createArchiveIngest({ pool, store });
    const item = (i: number) => ({
      archiveFolderId: folder.id,
      source: { folder: 'INBOX', uidValidity: 1, uid: i, flags: ['\\Seen'] },
      raw: mail(i),
    });
    await ingest.ingest(Array.from({ length: 40 }, (_, i) => item(i + 1)));

    // Archiving carries on during the backup: whatever lands after the snapshot is simply not in it.
    let isBackingUp = true;
    let next = 41;
    const writer = (async () => {
      while (isBackingUp) {
        await ingest.ingest([item(next++)]);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const backupDir = path.join(backupRoot, 'nightly');
    const backup = await runScript('scripts/backup.ts', [backupDir], sourceEnv);
    isBackingUp = false;
    await writer;
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toContain('Store it SEPARATELY');
    expect(next).toBeGreaterThan(41);

    const manifest = JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8'));
    const messagesInBackup = manifest.database.tables.find(
      (table: { name: string }) => table.name === 'archived_messages',
    ).rows;
    expect(messagesInBackup).toBeGreaterThanOrEqual(40);
    expect(manifest.blobs.count).toBe(messagesInBackup);
    // The key is beside the backup, never in it.
    const keyOut = `${backupDir}.secrets.key`;
    expect(await readFile(keyOut)).toEqual(await readFile(keyFile));
    expect((await stat(keyOut)).mode & 0o077).toBe(0);

    const targetEnv = { DATABASE_URL: target.databaseUrl, DATA_DIR: targetDir };
    const restore = await runScript('scripts/restore.ts', [backupDir, '--master-key', keyOut], targetEnv);
    expect(restore.code, restore.stderr).toBe(0);
    // A second restore onto the now-filled target is refused.
    const again = await runScript('scripts/restore.ts', [backupDir, '--master-key', keyOut], targetEnv);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('not empty');

    const report = await runArchiveVerify({
      databaseUrl: target.databaseUrl,
      storeRoot: path.join(targetDir, 'archive'),
      masterKey,
    });
    expect(report).toMatchObject({ isHealthy: true, messages: messagesInBackup, ok: messagesInBackup });
    const cli = await runScript('scripts/archive-verify.ts', [], targetEnv);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toContain('The archive is intact.');

    // Every restored message reads back byte for byte, with its copy and search row.
    const restored = new pg.Pool({ connectionString: target.databaseUrl, max: 2 });
    try {
      const rows = await restored.query<{ address: string; subject: string; uid: string; folders: string[] }>(
        `SELECT m.address, m.subject, c.uid::text AS uid, m.archive_folder_ids AS folders
         FROM archived_messages m JOIN archived_message_copies c ON c.message_address = m.address`,
      );
      expect(rows.rows).toHaveLength(messagesInBackup);
      const restoredStore = createFsBlobStore({
        root: path.join(targetDir, 'archive'),
        keys: deriveArchiveKeys(masterKey),
      });
      for (const row of rows.rows) {
        const raw = await restoredStore.get(row.address as Parameters<typeof restoredStore.get>[0]);
        expect(raw.equals(mail(Number(row.uid))), row.subject).toBe(true);
        // Triggers were off during the load: the folder list is the backup's, not doubled.
        expect(row.folders).toEqual([folder.id]);
      }
      const search = await restored.query(
        `SELECT count(*)::int AS n FROM archived_messages WHERE search_vector @@ plainto_tsquery('simple', 'lorem')`,
      );
      expect(search.rows[0].n).toBeGreaterThan(0);
      const users = await restored.query(`SELECT user_name FROM users ORDER BY user_name`);
      expect(users.rows.map((row) => row.user_name)).toEqual(['admin', 'carol']);
    } finally {
      await restored.end();
    }
  }, 300_000);
});
