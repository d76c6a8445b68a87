import { chmod, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectGoogle } from '../directory-sync/support/directory-sync.fixture';
import { emulatorEnv, SAMPLE_ADMIN } from '../google-connection/support/google-connection.fixture';
import {
  ADMIN_PASSWORD,
  bootstrapAdmin,
  buildTestApp,
  openBrowser,
  signIn,
  type TBrowser,
} from '../support/test-app';
import { createUser } from '../support/users.fixture';
import {
  createMailboxUser,
  DEFAULT_PROFILE_INPUT,
  saveProfile,
  startRun,
  waitForRun,
} from './support/archiving.fixture';

type TLine =
  | { type: 'progress'; checkedMessages: number; totalMessages: number }
  | { type: 'report'; report: TReport }
  | { type: 'error'; error: { code: string; message: string } };
type TReport = {
  messages: number;
  blobs: number;
  ok: number;
  missing: { count: number; addresses: string[] };
  corrupt: { count: number; blobs: { address: string; reason: string }[] };
  orphaned: { count: number; addresses: string[] };
  isHealthy: boolean;
};

function message(subject: string): Buffer {
  return Buffer.from(
    `From: carol@example.net\r\nTo: alice@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W+/g, '.')}@example.com>\r\n\r\nBody of ${subject}.\r\n`,
  );
}

async function blobFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

// Verify archive from the console's API: a real archive written by a real run over the Gmail
// dialect, then damaged on disk the three ways the report names.
describe('POST /api/archiving/verify', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let app: FastifyInstance;
  let admin: TBrowser;
  let dataDir: string;

  const verify = async (browser: TBrowser = admin) => {
    const response = await browser.request({ method: 'POST', url: '/api/archiving/verify' });
    return response;
  };
  const reportOf = async () => {
    const response = await verify();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('application/x-ndjson');
    const lines = response.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TLine);
    expect(lines[0]?.type).toBe('progress');
    const last = lines.at(-1);
    if (last?.type !== 'report') throw new Error(`no report: ${response.body}`);
    return last.report;
  };

  beforeAll(async () => {
    [database, emulator] = await Promise.all([
      createTestDatabase(),
      startEmulator({ host: '127.0.0.1', port: 0, imap: true }),
    ]);
    dataDir = await mkdtemp(path.join(tmpdir(), 'wac-verify-'));
    await chmod(dataDir, 0o711);
    await bootstrapAdmin(database);
    app = await buildTestApp(database, {
      env: { ...emulatorEnv(emulator), DATA_DIR: dataDir },
      archiving: { pollingIntervalSeconds: 0.5, progressIntervalMs: 20 },
    });
    await app.services.archiving.startWorker();
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    await connectGoogle(app, admin, emulator, SAMPLE_ADMIN);
    await createMailboxUser(database, 'alice');
    await saveProfile(admin, DEFAULT_PROFILE_INPUT);
    for (const subject of ['one', 'two', 'three', 'four']) {
      emulator.gmail.addMessage('alice@example.com', {
        raw: message(`verify ${subject}`),
        labels: ['\\Inbox'],
      });
    }
    const run = await waitForRun(admin, await startRun(admin), 60_000);
    expect(run.status).toBe('SUCCEEDED');
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('is for admins only', async () => {
    expect((await verify(await openBrowser(app))).statusCode).toBe(401);
    await createUser(database.prisma, {
      userName: 'clerk',
      password: 'clerk-password-123',
      privileges: ['login'],
    });
    const clerk = await signIn(app, 'clerk', 'clerk-password-123');
    expect((await verify(clerk)).statusCode).toBe(403);
  });

  it('reads every blob back and reports a healthy archive', async () => {
    const report = await reportOf();
    expect(report).toMatchObject({
      messages: 4,
      blobs: 4,
      ok: 4,
      missing: { count: 0 },
      corrupt: { count: 0 },
      orphaned: { count: 0 },
      isHealthy: true,
    });
  });

  it('counts and names missing, corrupt and orphaned blobs', async () => {
    const root = path.join(dataDir, 'archive');
    const [gone, damaged] = await blobFiles(root);
    if (!gone || !damaged) throw new Error('expected blobs on disk');
    await unlink(gone);
    const bytes = await readFile(damaged);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff;
    await writeFile(damaged, bytes);
    // An orphan in the same shard (the store lists a shard's files by their address prefix).
    const base = path.basename(damaged);
    const stray = path.join(path.dirname(damaged), base.slice(0, 4) + 'f'.repeat(base.length - 4));
    await writeFile(stray, bytes);

    const report = await reportOf();
    expect(report.isHealthy).toBe(false);
    expect(report.ok).toBe(2);
    expect(report.missing.count).toBe(1);
    expect(report.missing.addresses[0]).toBe(path.basename(gone));
    expect(report.corrupt.count).toBe(1);
    expect(report.corrupt.blobs[0]?.address).toBe(path.basename(damaged));
    expect(report.orphaned.count).toBe(1);
  });
});
