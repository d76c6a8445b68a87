import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer } from '../../../../packages/mail/test/support/smtp.server';
import { waitFor } from '../archiving/support/archiving.fixture';
import {
  connectGoogle as connectSyncGoogle,
  runSync,
  saveSettings,
  startSyncApp,
} from '../directory-sync/support/directory-sync.fixture';
import { saveSendSettings, type TSendingHarness } from './support/sending.fixture';

describe('admin notifications through the sender', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let h: TSendingHarness;

  beforeAll(async () => {
    database = await createTestDatabase();
    emulator = await startEmulator();
    // The sync app of the directory-sync tests, pointed at a test SMTP server, with the send worker too.
    const smtp = await startTestSmtpServer({ tokenInfoOrigin: emulator.url, security: 'none' });
    const { app, admin } = await startSyncApp(database, emulator, {
      env: { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_SECURITY: 'none' },
    });
    await app.services.sending.startWorker();
    h = {
      app,
      admin,
      smtp,
      close: async () => {
        await app.close();
        await smtp.close();
      },
    };
    await connectSyncGoogle(app, admin, emulator, 'admin@example.com');
    await saveSettings(h.admin, { autoDelete: true, deletionThreshold: { percent: 100, count: 0 } });
    expect((await runSync(h.admin, 'run')).status).toBe('SUCCEEDED');
  });
  afterAll(async () => {
    await h?.close();
    await emulator?.close();
    await database?.drop();
  });

  it('mails the admins once when a sync holds deletions for confirmation, and not when switched off', async () => {
    await saveSendSettings(h.admin, {
      notificationSender: 'admin@example.com',
      notificationRecipients: ['alice@example.com', 'bob@example.com'],
      notify: { syncProblems: true, mailboxProblems: true, keyAge: true },
    });
    emulator.state.deleteUser('carol@example.com');
    const held = await runSync(h.admin, 'run');
    expect(held.status).toBe('HELD_FOR_CONFIRMATION');

    expect(await h.app.services.sending.notifications.checkNow()).toEqual([`sync-run:${held.id}`]);
    await waitFor(() => h.smtp.received.length === 1, 'the notification to arrive');
    const [mail] = h.smtp.received;
    expect(mail?.user).toBe('admin@example.com');
    expect(mail?.rcptTo).toEqual(['alice@example.com', 'bob@example.com']);
    const text = mail?.raw.toString('utf8') ?? '';
    expect(text).toMatch(/^Subject: User synchronization held 1 deletion\(s\) for confirmation\r$/m);
    expect(text).toMatch(/^From: Workspace Archive Connector <admin@example\.com>\r$/m);
    expect(text).toContain(held.id);
    const log = await h.admin.request({ method: 'GET', url: '/api/sending/log' });
    expect(log.json().messages[0]).toMatchObject({ source: 'NOTIFICATION', status: 'SENT' });

    // Once per run, whichever instance looks.
    expect(await h.app.services.sending.notifications.checkNow()).toEqual([]);

    await saveSendSettings(h.admin, {
      notificationSender: 'admin@example.com',
      notificationRecipients: ['alice@example.com'],
      notify: { syncProblems: false, mailboxProblems: true, keyAge: true },
    });
    const heldAgain = await runSync(h.admin, 'run');
    expect(heldAgain.status).toBe('HELD_FOR_CONFIRMATION');
    expect(await h.app.services.sending.notifications.checkNow()).toEqual([]);
    expect(h.smtp.received).toHaveLength(1);
  });

  it('warns once when the service-account key is about to be a year old', async () => {
    const key = await database.prisma.googleServiceAccountKey.findFirstOrThrow({ where: { slot: 'ACTIVE' } });
    await database.prisma.googleServiceAccountKey.update({
      where: { id: key.id },
      data: { uploadedAt: new Date(Date.now() - 360 * 24 * 60 * 60 * 1000) },
    });
    const before = h.smtp.received.length;
    expect(await h.app.services.sending.notifications.checkNow()).toEqual([`key-age:${key.privateKeyId}`]);
    await waitFor(() => h.smtp.received.length === before + 1, 'the key-age notification');
    expect(h.smtp.received.at(-1)?.raw.toString()).toContain(
      'Subject: The Google service-account key is almost a year old',
    );
    expect(await h.app.services.sending.notifications.checkNow()).toEqual([]);
  });
});
