import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser';
import { directoryApiEnv, startConsoleWithGoogle, type TConsoleWithGoogle } from './console-harness';
import { signInAsAdmin } from './console-steps';
import { connectGoogleWorkspace, synchronizeNow } from './google-steps';

// Issue 10: users that Google marks `archived` are read by the sync and shown as such.
const ADMIN_PASSWORD = 'archived users admin password';

describe('console: users archived in Google Workspace', () => {
  let h: TConsoleWithGoogle;
  let page: Page;

  beforeAll(async () => {
    h = await startConsoleWithGoogle({ adminPassword: ADMIN_PASSWORD, env: directoryApiEnv });
    ({ page } = h);
    await signInAsAdmin(page, ADMIN_PASSWORD);
    await connectGoogleWorkspace(h, page);
    await synchronizeNow(page);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('a sync after Google archives a user says so, and the users list and detail show "Archived"', async () => {
    h.emulator.state.archiveUser('carol@example.com');
    await synchronizeNow(page);
    const summary = page.getByLabel('Synchronization run').getByLabel('Changes per reason');
    await expect
      .poll(() => summary.textContent(), { timeout: 30_000 })
      .toContain('Archived in Google Workspace1');
    const change = page
      .getByLabel('Synchronization run')
      .locator('tbody tr')
      .filter({ hasText: 'carol@example.com' });
    expect(await change.textContent()).toContain(
      'Archived in Google Workspace: the user can no longer log on',
    );
    await screenshot(page, 'sync-archived-user');

    await page.goto('/users?search=example.com');
    const carol = page.getByRole('table').locator('tbody tr').filter({ hasText: 'carol@example.com' });
    await carol.waitFor();
    expect(await carol.textContent()).toContain('Archived');
    const bob = page.getByRole('table').locator('tbody tr').filter({ hasText: 'bob@example.com' });
    expect(await bob.textContent()).toContain('Active');
    await screenshot(page, 'users-archived');

    await carol.getByRole('link').first().click();
    await page.waitForURL(/\/users\/[0-9a-f-]{36}$/);
    const status = page.locator('dt', { hasText: 'Status' }).locator('xpath=following-sibling::dd[1]');
    await expect.poll(() => status.textContent()).toBe('Archived');
    await screenshot(page, 'user-detail-archived');
  });
});
