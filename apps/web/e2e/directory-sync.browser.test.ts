import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser';
import {
  DELEGATED_SCOPES,
  directoryApiEnv,
  startConsoleWithGoogle,
  type TConsoleWithGoogle,
} from './console-harness';
import { signInAsAdmin } from './console-steps';

const ADMIN_PASSWORD = 'directory-sync admin password';
// Members of engineering@example.com in the emulator's sample domain.
const ENGINEERING = ['carol@example.com', 'dave@example.com', 'erin@example.com', 'grace@example.net'];

function runView(page: Page) {
  return page.getByLabel('Synchronization run');
}

function directoryTab(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Directory Services' }).getByRole('link', { name });
}

async function openTab(page: Page, name: string, path: string): Promise<void> {
  await directoryTab(page, name).click();
  await page.waitForURL(`**${path}`);
}

describe('Directory Services: user synchronization', () => {
  let h: TConsoleWithGoogle;
  let page: Page;

  beforeAll(async () => {
    h = await startConsoleWithGoogle({ adminPassword: ADMIN_PASSWORD, env: directoryApiEnv });
    ({ page } = h);
    const key = h.emulator.createServiceAccountKey({ delegatedScopes: DELEGATED_SCOPES });
    const keyFile = await h.writeFile('wac-emulator-sync.json', key.json, { mode: 0o600 });
    await signInAsAdmin(page, ADMIN_PASSWORD);

    await page.getByRole('link', { name: 'Directory Services' }).click();
    await page.waitForURL('**/directory/connection');
    await page.getByLabel('Key file').setInputFiles(keyFile);
    await page.getByRole('button', { name: 'Upload key' }).click();
    await page.getByText('Key uploaded').waitFor();
    await page.getByLabel('Admin user email').fill('admin@example.com');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    await openTab(page, 'User synchronization', '/directory/synchronization');
  });

  afterAll(async () => {
    await h?.close();
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
    await screenshot(page, 'directory-sync-settings-delete-warning');
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
    expect(await h.database.prisma.user.count({ where: { authMethod: 'DIRECTORY' } })).toBe(0);
    await screenshot(page, 'directory-sync-test-settings');
  });

  it('Synchronize now shows live progress, also after a look at the other tabs during the run', async () => {
    const run = runView(page);
    const progress = run.getByRole('progressbar', { name: 'Synchronization progress' });
    const runningBadge = directoryTab(page, 'User synchronization').getByText(/^Running/);
    // Slow Google down so the run is still reading while the admin walks through the tabs.
    h.emulator.faults.apply({ latencyMs: 3_000 });
    try {
      await page.getByRole('button', { name: 'Synchronize now' }).click();
      await progress.waitFor({ timeout: 15_000 });
      await run.getByText(/^Reading (users|the selected groups)/).waitFor({ timeout: 15_000 });
      await screenshot(page, 'directory-sync-progress');

      await openTab(page, 'History', '/directory/history');
      await runningBadge.waitFor();
      const history = page.getByRole('region', { name: 'Synchronization history' });
      await history.locator('tbody tr').first().getByText('Running', { exact: true }).waitFor();
      await screenshot(page, 'directory-sync-running-seen-from-history');
      await openTab(page, 'Google connection', '/directory/connection');
      await runningBadge.waitFor();

      await openTab(page, 'User synchronization', '/directory/synchronization');
      await progress.waitFor({ timeout: 15_000 });
    } finally {
      h.emulator.faults.apply({ latencyMs: 0 });
    }
    await run
      .getByRole('heading', { name: /Manual sync/ })
      .getByText('Succeeded')
      .waitFor({ timeout: 30_000 });
    await runningBadge.waitFor({ state: 'detached' });
    const created = run.getByLabel('Changes per kind').locator('div', { hasText: 'Created' });
    expect(await created.locator('dd').textContent()).toBe(String(ENGINEERING.length));
    await run.getByRole('button', { name: /^Create/ }).click();
    expect(await run.getByRole('table').locator('tbody tr').count()).toBe(ENGINEERING.length);
    expect(await h.database.prisma.user.count({ where: { authMethod: 'DIRECTORY' } })).toBe(
      ENGINEERING.length,
    );
    await screenshot(page, 'directory-sync-results');
  });

  it('History lists both runs and opens each on its own address', async () => {
    await openTab(page, 'History', '/directory/history');
    await expect.poll(() => directoryTab(page, 'History').textContent()).toBe('History 2 runs');
    const history = page.getByRole('region', { name: 'Synchronization history' });
    await history.locator('tbody tr').first().waitFor();
    expect(await history.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual([
      'Manual sync',
      'Dry run',
    ]);
    await screenshot(page, 'directory-sync-history');

    await history.locator('tbody tr').nth(1).getByRole('link').click();
    await page.waitForURL(/\/directory\/history\/[^/]+$/);
    const run = runView(page);
    await run.getByText('Test Settings changed nothing.').waitFor();
    expect(await run.getByRole('table').locator('tbody tr').count()).toBe(ENGINEERING.length);
    expect(await directoryTab(page, 'History').getAttribute('aria-current')).toBe('page');
    await screenshot(page, 'directory-sync-history-run');

    await page.reload();
    await run.getByText('Test Settings changed nothing.').waitFor();
    await page.getByRole('link', { name: 'All runs' }).click();
    await page.waitForURL('**/directory/history');
  });

  it('a synchronized user has the default privileges and read access to their archive', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.waitForURL('**/users');
    await page.getByRole('link', { name: 'carol@example.com' }).click();
    await page.getByRole('list', { name: 'Privileges' }).waitFor();
    const privileges = await page.getByRole('list', { name: 'Privileges' }).locator('li').allTextContents();
    expect(privileges).toEqual(['Log on', 'Archive E-mail']);
    await page.getByText('Archive of carol@example.com').waitFor();
    const carol = await h.database.prisma.user.findUniqueOrThrow({
      where: { userNameKey: 'carol@example.com' },
      include: { folderAccess: true },
    });
    expect(carol.folderAccess).toEqual([
      expect.objectContaining({ canRead: true, canWrite: false, canDelete: false }),
    ]);
    await screenshot(page, 'directory-sync-user');
  });
});
