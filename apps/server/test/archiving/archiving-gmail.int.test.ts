import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectGoogle } from '../directory-sync/support/directory-sync.fixture';
import { emulatorEnv, SAMPLE_ADMIN } from '../google-connection/support/google-connection.fixture';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, signIn, type TBrowser } from '../support/test-app';
import {
  createMailboxUser,
  DEFAULT_PROFILE_INPUT,
  saveProfile,
  startRun,
  waitForRun,
} from './support/archiving.fixture';

function message(subject: string): Buffer {
  return Buffer.from(
    [
      'From: Carol <carol@example.net>',
      'To: alice@example.com',
      `Subject: ${subject}`,
      `Message-ID: <${subject.replace(/\W+/g, '.')}@example.com>`,
      'Date: Sat, 05 Dec 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Body of ${subject}.`,
      '',
    ].join('\r\n'),
  );
}

// The whole path with the real parts: the Google connection's delegated tokens (minted by the
// emulator), @wac/mail's archiver over IMAP to the emulator's Gmail dialect, @wac/archive's
// encrypted store under DATA_DIR/archive, and the run's bookkeeping in Postgres.
describe('archiving with the real archiver against the Gmail dialect', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let app: FastifyInstance;
  let admin: TBrowser;
  let dataDir: string;

  beforeAll(async () => {
    [database, emulator] = await Promise.all([
      createTestDatabase(),
      startEmulator({ host: '127.0.0.1', port: 0, imap: true }),
    ]);
    const imap = emulator.imap;
    if (!imap) throw new Error('the emulator was started without IMAP');
    dataDir = await mkdtemp(path.join(tmpdir(), 'wac-archiving-'));
    await chmod(dataDir, 0o711);
    await bootstrapAdmin(database);
    app = await buildTestApp(database, {
      env: {
        ...emulatorEnv(emulator),
        DATA_DIR: dataDir,
        IMAP_HOST: imap.host,
        IMAP_PORT: String(imap.port),
        IMAP_TLS: 'false',
      },
      archiving: { pollingIntervalSeconds: 0.5, progressIntervalMs: 20 },
    });
    await app.services.archiving.startWorker();
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    await connectGoogle(app, admin, emulator, SAMPLE_ADMIN);
    for (const name of ['alice', 'bob', 'carol']) await createMailboxUser(database, name);
    await saveProfile(admin, DEFAULT_PROFILE_INPUT);

    const gmail = emulator.gmail;
    for (const subject of ['one', 'two', 'three']) {
      gmail.addMessage('alice@example.com', { raw: message(`alice ${subject}`), labels: ['\\Inbox'] });
    }
    gmail.addMessage('bob@example.com', { raw: message('bob readable'), labels: ['\\Inbox'] });
    const broken = gmail.addMessage('bob@example.com', { raw: message('bob broken'), labels: ['\\Inbox'] });
    gmail.faults.failMessage({ user: 'bob@example.com', gmMsgId: broken.gmMsgId });
    gmail.addMessage('carol@example.com', { raw: message('carol'), labels: ['\\Inbox'] });
    gmail.faults.setAccountNotEnabled('carol@example.com', true);
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('Estimate reads the folder counts over IMAP', async () => {
    const run = await waitForRun(admin, await startRun(admin, 'estimate'));
    const alice = run.items.find((item) => item.userEmail === 'alice@example.com');
    expect(alice).toMatchObject({ status: 'COMPLETE', estimate: { messages: 3, isGmail: true } });
    expect(alice?.estimate?.bytes).toBeGreaterThan(0);
    expect(run.items.find((item) => item.userEmail === 'carol@example.com')).toMatchObject({
      status: 'FAILED',
      problem: { code: 'IMAP_DISABLED' },
    });
  });

  it('Run now: a complete, an incomplete and a failed mailbox, and a run that is not success', async () => {
    const run = await waitForRun(admin, await startRun(admin), 60_000);
    expect(run.status).toBe('FAILED');
    const byEmail = new Map(run.items.map((item) => [item.userEmail, item]));
    expect(byEmail.get('alice@example.com')).toMatchObject({
      status: 'COMPLETE',
      archived: 3,
      failedCount: 0,
    });
    const bob = byEmail.get('bob@example.com');
    expect(bob).toMatchObject({ status: 'INCOMPLETE', archived: 1, failedCount: 1 });
    expect(bob?.folders.find((folder) => folder.missingUids.length > 0)).toMatchObject({
      folder: '[Gmail]/All Mail',
      serverCount: 2,
      archivedCount: 1,
    });
    expect(bob?.failed[0]?.reason).toBeTruthy();
    expect(byEmail.get('carol@example.com')).toMatchObject({
      status: 'FAILED',
      problem: { code: 'IMAP_DISABLED' },
    });
    expect(byEmail.get('carol@example.com')?.problem?.remedy).toContain('IMAP');
    const ledger = await database.prisma.archiveDownloadLedger.aggregate({
      where: { userEmail: 'alice@example.com' },
      _sum: { bytes: true },
    });
    expect(Number(ledger._sum.bytes)).toBe(byEmail.get('alice@example.com')?.bytes);
    expect(Number(ledger._sum.bytes)).toBeGreaterThan(0);
  });

  it('the next run archives only what is missing, and completes once the causes are gone', async () => {
    emulator.gmail.faults.reset();
    emulator.gmail.addMessage('alice@example.com', { raw: message('alice four'), labels: ['\\Inbox'] });
    const run = await waitForRun(admin, await startRun(admin), 60_000);
    expect(run.status).toBe('SUCCEEDED');
    const byEmail = new Map(run.items.map((item) => [item.userEmail, item]));
    expect(byEmail.get('alice@example.com')).toMatchObject({ status: 'COMPLETE', archived: 1 });
    expect(byEmail.get('bob@example.com')).toMatchObject({ status: 'COMPLETE', archived: 1 });
    expect(byEmail.get('carol@example.com')).toMatchObject({ status: 'COMPLETE', archived: 1 });
  });
});
