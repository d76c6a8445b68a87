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
    `From: carol@example.net\r\nTo: someone@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W+/g, '.')}@example.com>\r\n\r\nBody.\r\n`,
  );
}

// Issue 11, item 6: a user suspended (or deleted) in Google is skipped, and what was archived of
// the mailbox stays: the real archiver, the emulator's token endpoint and Gmail IMAP, Postgres.
describe('archiving a user suspended or deleted in Google', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let app: FastifyInstance;
  let admin: TBrowser;
  let dataDir: string;

  const heldBy = async (userEmail: string) =>
    Number(
      (
        await database.prisma.$queryRaw<{ count: bigint }[]>`
          SELECT count(*) AS count FROM archived_message_copies m
          JOIN archive_folders f ON f.id = m.archive_folder_id
          WHERE f.owner_user_name = ${userEmail}`
      )[0]?.count ?? 0,
    );

  beforeAll(async () => {
    [database, emulator] = await Promise.all([
      createTestDatabase(),
      startEmulator({ host: '127.0.0.1', port: 0, imap: true }),
    ]);
    dataDir = await mkdtemp(path.join(tmpdir(), 'wac-suspended-'));
    await chmod(dataDir, 0o711);
    await bootstrapAdmin(database);
    app = await buildTestApp(database, {
      env: { ...emulatorEnv(emulator), DATA_DIR: dataDir },
      archiving: { pollingIntervalSeconds: 0.5, progressIntervalMs: 20 },
    });
    await app.services.archiving.startWorker();
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    await connectGoogle(app, admin, emulator, SAMPLE_ADMIN);
    for (const name of ['alice', 'bob']) {
      await createMailboxUser(database, name);
      for (const n of [1, 2]) {
        emulator.gmail.addMessage(`${name}@example.com`, {
          raw: message(`${name} ${n}`),
          labels: ['\\Inbox'],
        });
      }
    }
    await saveProfile(admin, DEFAULT_PROFILE_INPUT);
    const first = await waitForRun(admin, await startRun(admin), 60_000);
    expect(first.status).toBe('SUCCEEDED');
    expect(await heldBy('alice@example.com')).toBe(2);
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('suspended in Google since the last sync: the mailbox is skipped with the reason, its archive kept', async () => {
    emulator.state.suspendUser('alice@example.com', true);
    const run = await waitForRun(admin, await startRun(admin), 60_000);
    const alice = run.items.find((item) => item.userEmail === 'alice@example.com');
    expect(alice).toMatchObject({
      archived: 0,
      problem: {
        code: 'USER_NOT_FOUND_OR_SUSPENDED',
        remedy: expect.stringContaining('the mailbox is skipped and its archive is kept'),
      },
    });
    expect(run.items.find((item) => item.userEmail === 'bob@example.com')?.status).toBe('COMPLETE');
    expect(await heldBy('alice@example.com')).toBe(2);
  });

  it('once synchronization marks the user suspended, or deletes it, runs leave the mailbox out and keep its archive', async () => {
    await database.prisma.user.updateMany({
      where: { userName: 'alice@example.com' },
      data: { isSuspended: true },
    });
    const suspended = await waitForRun(admin, await startRun(admin), 60_000);
    expect(suspended.items.map((item) => item.userEmail)).toEqual(['bob@example.com']);
    expect(suspended.status).toBe('SUCCEEDED');

    // Automatic deletion removes the user, never its archive folder.
    await database.prisma.archiveFolder.updateMany({
      where: { ownerUserName: 'alice@example.com' },
      data: { ownerRemovedAt: new Date() },
    });
    await database.prisma.user.deleteMany({ where: { userName: 'alice@example.com' } });
    const deleted = await waitForRun(admin, await startRun(admin), 60_000);
    expect(deleted.items.map((item) => item.userEmail)).toEqual(['bob@example.com']);
    expect(await heldBy('alice@example.com')).toBe(2);
  });
});
