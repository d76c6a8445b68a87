import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Relative, like the server harness: the web app itself has no business depending on the emulator.
import { startEmulator, type TEmulator } from '../../../packages/google-workspace-emulator/src/index';
import { startTestServer } from '../../server/test/start-test-server';
import { launchBrowser, screenshot, type TBrowserSession } from './browser';
import { signInAsAdmin } from './console-steps';

const ADMIN_PASSWORD = 'directory-sync admin password';
const SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.readonly',
  'https://mail.google.com/',
];
// Members of engineering@example.com in the emulator's sample domain.
const ENGINEERING = ['carol@example.com', 'dave@example.com', 'erin@example.com', 'grace@example.net'];

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

function runView(page: Page) {
  return page.getByLabel('Synchronization run');
}

describe('Directory Services: user synchronization', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: TBrowserSession;
  let page: Page;
  let workDir: string;

  beforeAll(async () => {
    [database, emulator] = await Promise.all([createTestDatabase(), startEmulator({ host: '127.0.0.1' })]);
    server = await startTestServer({
      databaseUrl: database.databaseUrl,
      adminPassword: ADMIN_PASSWORD,
      env: { GOOGLE_ADMIN_ROOT_URL: emulator.url, GOOGLE_TOKEN_URI: emulator.tokenUri },
    });
    workDir = await mkdtemp(path.join(tmpdir(), 'wac-sync-key-'));
    const keyFile = path.join(workDir, 'wac-emulator-sync.json');
    await writeFile(keyFile, emulator.createServiceAccountKey({ delegatedScopes: SCOPES }).json, {
      mode: 0o600,
    });
    browser = await launchBrowser({ baseURL: server.url });
    page = await browser.newPage();
    await signInAsAdmin(page, ADMIN_PASSWORD);

    await page.getByRole('link', { name: 'Directory Services' }).click();
    await page.waitForURL('**/directory');
    await page.getByLabel('Key file').setInputFiles(keyFile);
    await page.getByRole('button', { name: 'Upload key' }).click();
    await page.getByText('Key uploaded').waitFor();
    await page.getByLabel('Admin user email').fill('admin@example.com');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await emulator?.close();
    await database?.drop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('picks a group from Google and sets the default privileges, warning about Delete E-mail', async () => {
    const settings = page.getByRole('form', { name: 'Synchronization settings' });
    await settings.getByText('All users of the domain are synchronized').waitFor();
    await settings.getByRole('button', { name: 'Choose groups…' }).click();
    await settings.getByLabel('Search groups').fill('engin');
    const groups = settings.getByRole('list', { name: 'Google groups' });
    // The search is debounced: the full list may show first.
    await expect.poll(() => groups.locator('li').count(), { timeout: 10_000 }).toBe(1);
    await groups.getByText('engineering@example.com').waitFor();
    await groups.getByRole('checkbox').check();
    await settings.getByRole('button', { name: 'Done' }).click();
    expect(await settings.getByRole('list', { name: 'Selected groups' }).textContent()).toContain(
      'engineering@example.com',
    );

    expect(await settings.getByRole('checkbox', { name: 'Log on' }).isChecked()).toBe(true);
    expect(await settings.getByRole('checkbox', { name: 'Read' }).isChecked()).toBe(true);
    await settings.getByRole('checkbox', { name: 'Archive E-mail' }).check();
    await settings.getByRole('checkbox', { name: 'Delete E-mail' }).check();
    await settings.getByText('Compliance risk: users may delete archived e-mail').waitFor();
    await shot(page, 'directory-sync-settings-delete-warning');
    await settings.getByRole('checkbox', { name: 'Delete E-mail' }).uncheck();
    expect(await settings.getByText('Compliance risk').count()).toBe(0);

    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByText('Saved', { exact: true }).waitFor();
  });

  it('Test Settings shows the plan and changes nothing', async () => {
    await page.getByRole('button', { name: 'Test Settings' }).click();
    const run = runView(page);
    await run.getByText('Test Settings changed nothing.').waitFor({ timeout: 30_000 });
    await run.getByText('Succeeded', { exact: true }).waitFor();
    const table = run.getByRole('table');
    for (const userName of ENGINEERING)
      await table.getByRole('cell', { name: userName, exact: true }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(ENGINEERING.length);
    expect(await table.getByText('New in Google Workspace', { exact: false }).count()).toBe(
      ENGINEERING.length,
    );
    expect(await database.prisma.user.count({ where: { authMethod: 'DIRECTORY' } })).toBe(0);
    await shot(page, 'directory-sync-test-settings');
  });

  it('Synchronize now shows live progress, then the results', async () => {
    // Slow Google down so the progress can be seen (and photographed) while the run reads.
    emulator.faults.apply({ latencyMs: 700 });
    try {
      await page.getByRole('button', { name: 'Synchronize now' }).click();
      const run = runView(page);
      await run.getByRole('progressbar', { name: 'Synchronization progress' }).waitFor({ timeout: 15_000 });
      await run.getByText(/^Reading (users|the selected groups)/).waitFor({ timeout: 15_000 });
      await shot(page, 'directory-sync-progress');
    } finally {
      emulator.faults.apply({ latencyMs: 0 });
    }
    const run = runView(page);
    await run
      .getByRole('heading', { name: /Synchronize now/ })
      .getByText('Succeeded')
      .waitFor({ timeout: 30_000 });
    const created = run.getByLabel('Changes per kind').locator('div', { hasText: 'Created' });
    expect(await created.locator('dd').textContent()).toBe(String(ENGINEERING.length));
    await run.getByRole('button', { name: /^Create/ }).click();
    expect(await run.getByRole('table').locator('tbody tr').count()).toBe(ENGINEERING.length);
    expect(await database.prisma.user.count({ where: { authMethod: 'DIRECTORY' } })).toBe(ENGINEERING.length);
    const history = page.getByRole('region', { name: 'Synchronization history' });
    expect(await history.locator('tbody tr').count()).toBe(2);
    await shot(page, 'directory-sync-results');
  });

  it('a synchronized user has the default privileges and read access to their archive', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.waitForURL('**/users');
    await page.getByRole('link', { name: 'carol@example.com' }).click();
    await page.getByRole('list', { name: 'Privileges' }).waitFor();
    const privileges = await page.getByRole('list', { name: 'Privileges' }).locator('li').allTextContents();
    expect(privileges).toEqual(['Log on', 'Archive E-mail']);
    await page.getByText('Archive of carol@example.com').waitFor();
    const carol = await database.prisma.user.findUniqueOrThrow({
      where: { userNameKey: 'carol@example.com' },
      include: { folderAccess: true },
    });
    expect(carol.folderAccess).toEqual([
      expect.objectContaining({ canRead: true, canWrite: false, canDelete: false }),
    ]);
    await shot(page, 'directory-sync-user');
  });
});
