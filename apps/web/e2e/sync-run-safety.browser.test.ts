import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, screenshot } from './browser';
import { directoryApiEnv, startConsoleWithGoogle, type TConsoleWithGoogle } from './console-harness';
import { signInAsAdmin } from './console-steps';
import { connectGoogleWorkspace } from './google-steps';

// Issue 10, "What a first-time admin trips over", items 1, 3, 5 and 8.
const ADMIN_PASSWORD = 'sync run safety admin password';
// Members of engineering@example.com in the emulator's sample domain.
const ENGINEERING_SIZE = 4;

const runView = (page: Page) => page.getByLabel('Synchronization run');
const settingsForm = (page: Page) => page.getByRole('form', { name: 'Synchronization settings' });

/** What the admin sees without scrolling: the point of item 8. */
async function viewportShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
}

async function isInViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.top < window.innerHeight;
  });
}

async function pickGroup(page: Page, email: string): Promise<void> {
  const settings = settingsForm(page);
  await settings.getByRole('button', { name: 'Choose groups…' }).click();
  await settings.getByLabel('Search groups').fill(email.slice(0, 5));
  const groups = settings.getByRole('list', { name: 'Google groups' });
  await expect.poll(() => groups.locator('li').count(), { timeout: 10_000 }).toBe(1);
  await groups.getByRole('checkbox').check();
  await settings.getByRole('button', { name: 'Done' }).click();
}

describe('Synchronize: runs use what the admin saved, and say what they did', () => {
  let h: TConsoleWithGoogle;
  let page: Page;

  beforeAll(async () => {
    h = await startConsoleWithGoogle({ adminPassword: ADMIN_PASSWORD, env: directoryApiEnv });
    ({ page } = h);
    await signInAsAdmin(page, ADMIN_PASSWORD);
    await connectGoogleWorkspace(h, page);
    await page.goto('/directory/synchronization');
    await settingsForm(page).getByText('All users of the domain are synchronized').waitFor();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('item 1: unsaved settings disable both run buttons with "Save your changes first", and leaving warns', async () => {
    const testButton = page.getByRole('button', { name: 'Test Settings' });
    const syncButton = page.getByRole('button', { name: 'Synchronize now' });
    expect(await testButton.isEnabled()).toBe(true);

    await pickGroup(page, 'engineering@example.com');
    await page.getByText('Save your changes first').waitFor();
    expect(await testButton.isDisabled()).toBe(true);
    expect(await syncButton.isDisabled()).toBe(true);
    await screenshot(page, 'sync-unsaved-settings-disable-runs');

    // A click on another tab would drop the picked group: the console asks first.
    await page
      .getByRole('navigation', { name: 'Directory Services' })
      .getByRole('link', { name: 'History' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
    await dialog.waitFor();
    await viewportShot(page, 'sync-unsaved-settings-leave-warning');
    await dialog.getByRole('button', { name: 'Stay on this page' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe('/directory/synchronization');
    expect(await settingsForm(page).getByRole('list', { name: 'Selected groups' }).textContent()).toContain(
      'engineering@example.com',
    );

    // The main menu asks too, and "Leave without saving" leaves.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Leave without saving' }).click();
    await page.waitForURL('**/users');
    await page.goto('/directory/synchronization');
    await settingsForm(page).getByText('All users of the domain are synchronized').waitFor();

    await pickGroup(page, 'engineering@example.com');
    await settingsForm(page).getByRole('button', { name: 'Save settings' }).click();
    await settingsForm(page).getByText('Saved', { exact: true }).waitFor();
    expect(await testButton.isEnabled()).toBe(true);
    expect(await page.getByText('Save your changes first').count()).toBe(0);
  });

  it('items 1, 5 and 8: Test Settings scrolls its run into view; the run names its groups and says "would create"', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const run = runView(page);
    await page.getByRole('button', { name: 'Test Settings' }).click();
    await run
      .getByRole('heading', { name: /Dry run/ })
      .getByText('Succeeded')
      .waitFor({ timeout: 30_000 });
    // The run sits below the long settings form; the console brings it up.
    await expect.poll(() => isInViewport(run), { timeout: 5_000 }).toBe(true);
    await viewportShot(page, 'sync-dry-run-scrolled-into-view');

    expect(await run.getByTestId('run-scope').textContent()).toBe(
      'Synchronized group engineering@example.com',
    );
    const kinds = run.getByLabel('Changes per kind');
    expect(await kinds.locator('dt').allTextContents()).toEqual([
      'Would create',
      'Would update',
      'Would delete',
      'Kept',
      'Conflicts',
      'Unchanged',
    ]);
    expect(await kinds.locator('div', { hasText: 'Would create' }).locator('dd').textContent()).toBe(
      String(ENGINEERING_SIZE),
    );
  });

  it('items 5 and 8: Synchronize now scrolls into view too, and History names runs Manual sync / Dry run', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const run = runView(page);
    await page.getByRole('button', { name: 'Synchronize now' }).click();
    await run
      .getByRole('heading', { name: /Manual sync/ })
      .getByText('Succeeded')
      .waitFor({ timeout: 30_000 });
    await expect.poll(() => isInViewport(run), { timeout: 5_000 }).toBe(true);
    const kinds = run.getByLabel('Changes per kind');
    expect(await kinds.locator('dt').first().textContent()).toBe('Created');
    await viewportShot(page, 'sync-manual-sync-scrolled-into-view');

    await page
      .getByRole('navigation', { name: 'Directory Services' })
      .getByRole('link', { name: 'History' })
      .click();
    const history = page.getByRole('region', { name: 'Synchronization history' });
    await history.locator('tbody tr').nth(1).waitFor();
    expect(await history.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual([
      'Manual sync',
      'Dry run',
    ]);
    const [manual, dry] = [history.locator('tbody tr').nth(0), history.locator('tbody tr').nth(1)];
    expect(await manual.locator('td:nth-child(5)').textContent()).toBe(String(ENGINEERING_SIZE));
    expect(await dry.locator('td:nth-child(5)').textContent()).toBe(`would create ${ENGINEERING_SIZE}`);
    expect(await dry.locator('td:nth-child(7)').textContent()).toBe('would delete 0');
    await screenshot(page, 'sync-history-dry-run-would');

    // A run's own page keeps the groups it used, whatever the settings say today.
    await dry.getByRole('link').click();
    await page.waitForURL(/\/directory\/history\/[^/]+$/);
    expect(await runView(page).getByTestId('run-scope').textContent()).toBe(
      'Synchronized group engineering@example.com',
    );
  });

  it('item 3: a failed run says why it failed and shows no plan', async () => {
    // The selected group disappears at Google: the run cannot know its members, so it fails.
    h.emulator.state.deleteGroup('engineering@example.com');
    await page.goto('/directory/synchronization');
    const run = runView(page);
    await page.getByRole('button', { name: 'Test Settings' }).click();
    await run
      .getByRole('heading', { name: /Dry run/ })
      .getByText('Failed')
      .waitFor({ timeout: 30_000 });
    const alert = run.getByRole('alert');
    expect(await alert.textContent()).toContain('The dry run failed, so there is no plan to show');
    expect((await alert.textContent())?.length).toBeGreaterThan(60);
    expect(await run.getByLabel('Changes per kind').count()).toBe(0);
    expect(await run.getByText('No user needs a change').count()).toBe(0);
    expect(await run.getByText('Test Settings changed nothing').count()).toBe(0);
    await screenshot(page, 'sync-failed-run-says-why');
  });
});
