import { readFile } from 'node:fs/promises';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Relative, like the console harness: the web app itself never depends on the emulator.
import {
  CONNECTOR_SCOPES,
  startEmulator,
  type TEmulator,
} from '../../../packages/google-workspace-emulator/src/index';
import {
  htmlMessage,
  makeDataDir,
  seedArchive,
  textMessage,
} from '../../server/test/archive-read/support/archive-read.fixture';
import { startTestServer, type TTestServer } from '../../server/test/start-test-server';
import { TEST_SECRETS_KEY } from '../../server/test/support/test-app';
import { launchBrowser, SCREENSHOT_DIR, screenshot, type TBrowserSession } from './browser';
import { signInAsAdmin } from './console-steps';
import { PHONE } from './google-steps';

const ADMIN_PASSWORD = 'archive reading admin password';
const CLIENT_ID = '515151-wac.apps.googleusercontent.com';
const CLIENT_SECRET = 'GOCSPX-archive-read-secret';
const ALICE = 'alice@example.com';

// Reading the archive end to end: messages archived through @wac/archive's real ingest into the
// encrypted store the server reads, an end user signed in through the emulator's Google sign-in,
// and restores appended over IMAP into the emulator's Gmail with the delegated token.
describe('Reading the archive (Chromium): end user search and viewer, admin export and restore, access log', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let server: TTestServer;
  let removeDataDir: () => Promise<void>;
  let userBrowser: TBrowserSession;
  let adminBrowser: TBrowserSession;
  let user: Page;
  let admin: Page;
  let aliceFolder: string;

  beforeAll(async () => {
    let dataDir: string;
    [database, emulator, { dataDir, remove: removeDataDir }] = await Promise.all([
      createTestDatabase(),
      startEmulator({ host: '127.0.0.1', imap: true }),
      makeDataDir(),
    ]);
    const imap = emulator.imap!;
    server = await startTestServer({
      databaseUrl: database.databaseUrl,
      adminPassword: ADMIN_PASSWORD,
      env: {
        // The seeded blobs are encrypted under keys derived from this master key.
        SECRETS_KEY: TEST_SECRETS_KEY,
        DATA_DIR: dataDir,
        GOOGLE_ADMIN_ROOT_URL: emulator.url,
        GOOGLE_TOKEN_URI: emulator.tokenUri,
        GOOGLE_OIDC_ISSUER: emulator.issuer,
        ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING: 'true',
        IMAP_HOST: imap.host,
        IMAP_PORT: String(imap.port),
        IMAP_TLS: 'false',
      },
    });
    const actor = { userId: null, name: 'test' };
    const context = { ip: null, requestId: null };
    const key = emulator.createServiceAccountKey({ delegatedScopes: [...CONNECTOR_SCOPES] });
    const services = server.app.services;
    await services.googleConnection.importKey(
      {
        fileName: 'key.json',
        bytes: Buffer.from(key.json),
        clientEmail: undefined,
        clientId: undefined,
        format: 'json',
      },
      { actor, context },
    );
    await services.googleConnection.setAdminUser('admin@example.com', { actor, context });
    emulator.registerOidcClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${server.url}/oidc/signin`],
    });
    await services.oidc.settings.update(
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, publicBaseUrl: server.url },
      actor,
      context,
    );
    const alice = await database.prisma.user.create({
      data: {
        userName: ALICE,
        userNameKey: ALICE,
        fullName: 'Alice Example',
        emails: [ALICE],
        authMethod: 'DIRECTORY',
        googleUserId: '100000000000000000002',
        privileges: ['login'],
        archiveFolder: { create: { name: `Archive of ${ALICE}`, ownerUserName: ALICE } },
      },
      include: { archiveFolder: true },
    });
    aliceFolder = alice.archiveFolder!.id;
    await seedArchive(database, dataDir, aliceFolder, [
      {
        raw: textMessage({
          subject: 'Quarterly budget review',
          from: 'Carol Finance <carol@example.net>',
          body: 'The budget for the lighthouse project is attached to the minutes.',
          date: 'Tue, 01 Dec 2026 08:30:00 +0000',
        }),
        source: { folder: '[Gmail]/All Mail', gmailLabels: ['\\Inbox', 'Projects'] },
      },
      {
        raw: htmlMessage({
          subject: 'Harbour newsletter',
          html: '<h2>Harbour news</h2><p>Hello <b>Alice</b>, the harbour <i>budget</i> passed.</p><img src="cid:logo@example.net" alt="logo"><img src="https://tracker.example.org/pixel.gif" alt="tracking pixel"><script>document.title="pwned"</script>',
          attachmentName: 'Harbour report.pdf',
        }),
      },
    ]);
    [userBrowser, adminBrowser] = await Promise.all([
      launchBrowser({ baseURL: server.url }),
      launchBrowser({ baseURL: server.url }),
    ]);
    user = await userBrowser.newPage();
    admin = await adminBrowser.newPage();
  }, 60_000);

  afterAll(async () => {
    await userBrowser?.close();
    await adminBrowser?.close();
    await server?.close();
    await emulator?.close();
    await database?.drop();
    await removeDataDir?.();
  });

  it('an end user signs in with Google, searches, opens an HTML message, allows remote images, downloads the attachment', async () => {
    await user.goto('/sign-in');
    await user.getByRole('link', { name: 'Sign in with Google' }).click();
    await user.getByRole('heading', { name: 'Choose an account' }).waitFor();
    await user.locator(`button[data-email="${ALICE}"]`).click();
    await user.waitForURL('**/me');
    // With no query the archive lists everything, newest first.
    const results = user.getByRole('list', { name: 'Search results' });
    await results.getByRole('listitem').nth(1).waitFor();
    expect(await results.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('Harbour newsletter'),
      expect.stringContaining('Quarterly budget review'),
    ]);
    await screenshot(user, 'archive-read-me-all');

    await user.getByText('Search operators (as in Gmail)').click();
    await user.getByRole('searchbox', { name: 'Search the archive' }).fill('budget has:attachment');
    await user.getByRole('button', { name: 'Search', exact: true }).click();
    await user.getByTestId('result-count').filter({ hasText: '1 message for' }).waitFor();
    const hit = results.getByRole('listitem');
    expect(await hit.count()).toBe(1);
    expect(await hit.locator('mark').allTextContents()).toContain('budget');
    await screenshot(user, 'archive-read-me-search');

    await hit.getByRole('button').click();
    const viewer = user.getByRole('article', { name: 'Message' });
    await viewer.getByRole('heading', { name: 'Harbour newsletter' }).waitFor();
    expect(new URL(user.url()).searchParams.get('q')).toBe('budget has:attachment');
    const frame = user.frameLocator('iframe.as-body__frame');
    await frame.getByRole('heading', { name: 'Harbour news' }).waitFor();
    const frameElement = user.locator('iframe.as-body__frame');
    expect(await frameElement.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    expect(await frame.locator('img[alt="logo"]').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await frame.locator('img[src*="tracker.example.org"]').count()).toBe(0);
    expect(await frame.locator('script').count()).toBe(0);
    expect(await user.title()).not.toBe('pwned');
    await viewer.getByText('1 remote image is blocked').waitFor();
    await screenshot(user, 'archive-read-me-message-blocked');
    await frameElement.screenshot({ path: `${SCREENSHOT_DIR}archive-read-me-frame-blocked.png` });

    await viewer.getByRole('button', { name: 'Show remote images' }).click();
    await user.locator('iframe.as-body__frame[data-remote="allowed"]').waitFor();
    expect(await frame.locator('img[alt="tracking pixel"]').getAttribute('src')).toBe(
      'https://tracker.example.org/pixel.gif',
    );
    await viewer.getByText('Remote images are shown for this message.').waitFor();

    const attachments = viewer.getByRole('region', { name: 'Attachments' });
    const downloading = user.waitForEvent('download');
    await attachments.getByRole('link', { name: 'Harbour report.pdf' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('Harbour report.pdf');
    expect((await readFile((await download.path())!)).toString()).toBe('%PDF-1.4 fake report');
    await screenshot(user, 'archive-read-me-message-allowed');

    await user.setViewportSize(PHONE);
    await user.reload();
    await viewer.getByRole('heading', { name: 'Harbour newsletter' }).waitFor();
    expect(await results.isVisible()).toBe(false);
    expect(await user.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(user, 'archive-read-me-message-phone');
    await viewer.getByRole('button', { name: '← Back to results' }).click();
    await results.waitFor();
    expect(await user.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(user, 'archive-read-me-results-phone');
  });

  it('an admin exports a search result and restores a message into Gmail once', async () => {
    await signInAsAdmin(admin, ADMIN_PASSWORD);
    await admin.goto('/archive/search');
    await admin
      .getByRole('navigation', { name: 'Archive' })
      .getByRole('link', { name: 'Search archives' })
      .waitFor();
    await admin.getByRole('searchbox', { name: 'Search the archive' }).fill('budget');
    await admin.getByRole('button', { name: 'Search', exact: true }).click();
    await admin.getByTestId('result-count').filter({ hasText: '2 messages for' }).waitFor();

    const actions = admin.getByRole('region', { name: 'Export and restore' });
    await actions.getByLabel('Export as').selectOption('MBOX');
    await actions.getByRole('button', { name: 'Export', exact: true }).click();
    const exported = actions.locator('[data-testid="export-status"][data-status="READY"]');
    await exported.waitFor({ timeout: 20_000 });
    const downloading = admin.waitForEvent('download');
    await exported.getByRole('link', { name: /^Download archive-export-.*\.mbox$/ }).click();
    const mbox = (await readFile((await (await downloading).path())!)).toString();
    expect(mbox.match(/^From /gm)).toHaveLength(2);
    expect(mbox).toContain('Subject: Quarterly budget review');
    expect(mbox).toContain('Subject: Harbour newsletter');
    await screenshot(admin, 'archive-read-admin-exported');

    await admin.getByRole('checkbox', { name: 'Select Quarterly budget review' }).check();
    await actions.getByRole('radio', { name: 'Selected (1)' }).waitFor();
    expect(await actions.getByRole('radio', { name: 'Selected (1)' }).isChecked()).toBe(true);
    // The target archive is the one the selected message is kept in.
    expect(await actions.getByLabel('Restore into the Gmail of').inputValue()).toBe(aliceFolder);
    const inbox = () =>
      emulator.gmail.folders(ALICE).find((folder) => folder.path === 'INBOX')?.messages ?? 0;
    expect(inbox()).toBe(0);
    await actions.getByRole('button', { name: 'Restore to Gmail' }).click();
    const restored = actions.locator('[data-testid="restore-status"][data-status="SUCCEEDED"]');
    await restored.waitFor({ timeout: 20_000 });
    expect(await restored.textContent()).toContain('1 put back into Gmail · 0 already there (of 1)');
    expect(inbox()).toBe(1);
    await screenshot(admin, 'archive-read-admin-restored');

    await actions.getByRole('button', { name: 'Restore to Gmail' }).click();
    await actions
      .locator('[data-testid="restore-status"][data-status="SUCCEEDED"]')
      .filter({ hasText: '0 put back into Gmail · 1 already there (of 1)' })
      .waitFor({ timeout: 20_000 });
    expect(inbox()).toBe(1);

    await admin.setViewportSize(PHONE);
    await screenshot(admin, 'archive-read-admin-search-phone');
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await admin.setViewportSize({ width: 1280, height: 800 });
  });

  it('the access log shows those accesses, filterable by who and kind', async () => {
    await admin.goto('/archive/access-log');
    const table = admin.getByRole('table');
    await table.locator('tbody tr').first().waitFor();
    const kinds = async (who: string) =>
      table
        .locator('tbody tr')
        .evaluateAll(
          (rows, name) =>
            rows
              .filter((row) => row.querySelector('td[data-label="Who"]')?.textContent?.startsWith(name))
              .map((row) => row.getAttribute('data-action')),
          who,
        );
    expect(new Set(await kinds(ALICE))).toEqual(new Set(['SEARCH', 'OPEN', 'ATTACHMENT', 'THREAD']));
    expect(new Set(await kinds('admin'))).toEqual(
      new Set(['SEARCH', 'EXPORT', 'EXPORT_DOWNLOAD', 'RESTORE']),
    );
    await screenshot(admin, 'archive-read-access-log');

    const filters = admin.getByRole('form', { name: 'Filter the access log' });
    await filters.getByLabel('Who').fill('alice');
    await filters.getByLabel('Kind').selectOption('ATTACHMENT');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await table.locator('tbody tr[data-action="ATTACHMENT"]').waitFor();
    await admin.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    expect(await table.locator('tbody tr').textContent()).toContain('Harbour report.pdf');

    await admin.setViewportSize(PHONE);
    await screenshot(admin, 'archive-read-access-log-phone');
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });
});
