import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { toUserNameKey } from '@wac/db';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TMailboxRunResult } from '../../../packages/mail/src/index';
import { startTestServer, type TTestServer } from '../../server/test/start-test-server';
import { launchBrowser, screenshot, type TBrowserSession } from './browser';
import { signInAsAdmin } from './console-steps';

const ADMIN_PASSWORD = 'archive admin password';
const GB = 1024 * 1024 * 1024;
const ALL_MAIL = '[Gmail]/All Mail';

function result(partial: Partial<TMailboxRunResult>): TMailboxRunResult {
  return {
    status: 'complete',
    archived: 120,
    alreadyArchived: 0,
    failed: [],
    bytes: 3_500_000,
    durationMs: 4200,
    folders: [{ folder: ALL_MAIL, serverCount: 120, archivedCount: 120, missingUids: [] }],
    ...partial,
  };
}

// The IMAP side is @wac/mail's own business (its tests run against Dovecot); here the console is
// under test, so each mailbox's outcome is scripted: one archives slowly enough to watch, one ends
// incomplete with a message that could not be read, one has IMAP switched off.
const archiving = {
  pollingIntervalSeconds: 0.5,
  progressIntervalMs: 50,
  estimateMailbox: async ({ userEmail }: { userEmail: string }) => ({
    isGmail: true,
    folders: [
      {
        folder: ALL_MAIL,
        messages: userEmail.startsWith('alice') ? 48_000 : 1_200,
        bytes: userEmail.startsWith('alice') ? 5 * GB : 80_000_000,
      },
      { folder: '[Gmail]/Sent Mail', messages: 300, bytes: 20_000_000 },
    ],
  }),
  runMailbox: async (
    { userEmail }: { userEmail: string },
    hooks: {
      onProgress: (progress: {
        folder: string;
        messagesDone: number;
        messagesTotal: number;
        bytesDone: number;
      }) => void;
    },
  ): Promise<TMailboxRunResult> => {
    if (userEmail.startsWith('alice')) {
      for (let done = 0; done <= 120; done += 10) {
        hooks.onProgress({
          folder: ALL_MAIL,
          messagesDone: done,
          messagesTotal: 120,
          bytesDone: done * 29_000,
        });
        await sleep(400);
      }
      return result({});
    }
    if (userEmail.startsWith('bob')) {
      await sleep(800);
      return result({
        status: 'incomplete',
        archived: 118,
        failed: [
          {
            folder: ALL_MAIL,
            uid: 4711,
            reason: 'Gmail returned no body for this message after 3 attempts.',
          },
        ],
        folders: [{ folder: ALL_MAIL, serverCount: 120, archivedCount: 119, missingUids: [4711] }],
      });
    }
    return result({
      status: 'failed',
      archived: 0,
      bytes: 0,
      folders: [],
      problem: {
        code: 'IMAP_DISABLED',
        message: `Google refused IMAP access for ${userEmail}: [ALERT] IMAP access is disabled for your domain.`,
        remedy:
          "In the Google Admin console, open Apps > Google Workspace > Gmail > End User Access and turn on IMAP access for the user's organisational unit.",
      },
    });
  },
};

async function createMailboxUser(server: TTestServer, name: string, privileges: string[]) {
  const userName = `${name}@example.com`;
  await server.prisma.user.create({
    data: {
      userName,
      userNameKey: toUserNameKey(userName),
      fullName: name[0]?.toUpperCase() + name.slice(1),
      emails: [userName],
      authMethod: 'DIRECTORY',
      privileges,
      archiveFolder: { create: { name: `Archive of ${userName}`, ownerUserName: userName } },
    },
  });
}

describe('Archive: profile, Estimate, Run now, live progress, reports', () => {
  let database: TTestDatabase;
  let server: TTestServer;
  let browser: TBrowserSession;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    // The archive store of this server only (Verify archive reads it), not the checkout's ./data.
    dataDir = await mkdtemp(path.join(tmpdir(), 'wac-archive-browser-'));
    server = await startTestServer({
      databaseUrl: database.databaseUrl,
      adminPassword: ADMIN_PASSWORD,
      archiving,
      env: { DATA_DIR: dataDir },
    });
    for (const name of ['alice', 'bob', 'carol']) await createMailboxUser(server, name, ['login', 'archive']);
    await createMailboxUser(server, 'dave', ['login']);
    browser = await launchBrowser({ baseURL: server.url });
    page = await browser.newPage();
    await signInAsAdmin(page, ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('the admin opens Archive from the menu and saves a profile', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Archive', exact: true })
      .click();
    await page.waitForURL('**/archive/profile');
    const form = page.getByRole('form', { name: 'Archiving profile' });
    expect(await form.getByLabel('All synchronized users').isChecked()).toBe(true);
    expect(await form.getByLabel('Include Spam').isChecked()).toBe(false);
    await form.getByLabel('Include Trash').check();
    await form.getByLabel('Archive automatically').selectOption('DAILY');
    await form.getByLabel('Time of day').fill('03:30');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await form.getByText('Next scheduled run:').waitFor();
    await screenshot(page, 'archive-profile');
    const saved = await server.prisma.archiveProfile.findUnique({ where: { id: 1 } });
    expect(saved).toMatchObject({ includeTrash: true, scheduleMode: 'DAILY', scheduleTime: '03:30' });
  });

  it('Estimate shows messages, size and the expected duration under the daily budget', async () => {
    await page.getByRole('button', { name: 'Estimate' }).click();
    await page.waitForURL('**/archive/history/*');
    await page.getByText('3 of 3 estimated').waitFor();
    const alice = page.getByRole('row', { name: /alice@example\.com/ });
    expect(await alice.textContent()).toContain('48,300');
    expect(await alice.textContent()).toContain('5.0 GB');
    // 5 GB at 2,000 MB a day.
    expect(await alice.textContent()).toContain('3 days at the daily budget');
    expect(await page.getByText('Expected duration').count()).toBeGreaterThan(0);
    await screenshot(page, 'archive-estimate');
  });

  it('Run now shows live progress, then a report that is not success', async () => {
    await page
      .getByRole('navigation', { name: 'Archive' })
      .getByRole('link', { name: 'Archiving profile' })
      .click();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL('**/archive/history/*');
    const aliceProgress = page.getByRole('progressbar', { name: 'Progress of alice@example.com' });
    await aliceProgress.waitFor();
    await page.waitForFunction(() => {
      const bar = document.querySelector<HTMLProgressElement>(
        'progress[aria-label="Progress of alice@example.com"]',
      );
      return bar !== null && bar.value >= 30;
    });
    await page.getByText(/% of mailboxes finished/).waitFor();
    await screenshot(page, 'archive-run-live');

    await page.getByText('1 of 3 complete, 1 incomplete, 1 failed').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('progressbar', { name: 'Mailboxes finished' }).count()).toBe(0);
    await page.getByText('Not every mailbox is complete').waitFor();
    expect(await page.locator('.badge', { hasText: 'Failed' }).count()).toBeGreaterThan(0);
  });

  it('the report of the incomplete mailbox says which message is missing and why', async () => {
    const why = page.getByRole('region', { name: 'Why bob@example.com is not complete' });
    await why.waitFor();
    const text = (await why.textContent()) ?? '';
    expect(text).toContain('119 of 120 messages on the server are archived; missing UIDs 4711');
    expect(text).toContain('UID 4711: Gmail returned no body for this message after 3 attempts.');
    const carol = page.getByRole('region', { name: 'Why carol@example.com is not complete' });
    expect(await carol.textContent()).toContain('IMAP is turned off for this user');
    expect(await carol.textContent()).toContain('End User Access');
    await screenshot(page, 'archive-run-report');

    await page.getByRole('link', { name: '← All runs' }).click();
    await page.waitForURL('**/archive/history');
    const archiveRow = page.getByRole('row').filter({ hasText: 'Archive ·' });
    await archiveRow.waitFor();
    expect(await archiveRow.locator('.badge').textContent()).toBe('Failed');
    await screenshot(page, 'archive-history');
  });

  it('Verify archive reads the store back and names a blob no message row knows', async () => {
    // The runs above were scripted, so the store is empty but for one stray file, as a crash between
    // a blob's rename and its row's commit (or a restore of the wrong backup) would leave.
    const orphan = `abcd${'0123456789abcdef'.repeat(3)}9876543210ab`;
    await mkdir(path.join(dataDir, 'archive', 'ab', 'cd'), { recursive: true });
    await writeFile(path.join(dataDir, 'archive', 'ab', 'cd', orphan), 'not a sealed blob');

    const card = page.locator('.card').filter({ hasText: 'Verify archive' });
    await card.getByRole('button', { name: 'Verify archive' }).click();
    const report = page.getByRole('region', { name: 'Verification report' });
    await report.waitFor({ timeout: 30_000 });
    const text = (await report.textContent()) ?? '';
    expect(text).toContain('Problems found');
    expect(text).toContain('0 of 0 messages read back intact');
    expect(text).toMatch(/Orphaned\s*1/);
    expect(text).toContain(orphan);
    await report.scrollIntoViewIfNeeded();
    await screenshot(page, 'archive-verify');
  });
});
