import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser';
import { directoryApiEnv, startConsoleWithGoogle, type TConsoleWithGoogle } from './console-harness';
import { signInAsAdmin } from './console-steps';
import { connectGoogleWorkspace, synchronizeNow } from './google-steps';

// Issue 10: a leaver's address given to a new hire while "Automatically delete users" is off.
const ADMIN_PASSWORD = 'stale user admin password';

const runView = (page: Page) => page.getByLabel('Synchronization run');

describe('Synchronize: the stale holder of a re-used address, and the reasons of a run', () => {
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

  it('says the holder no longer exists in Google, labels the reasons, and removes that one user on request', async () => {
    h.emulator.state.deleteUser('alice@example.com');
    h.emulator.state.addUser({
      primaryEmail: 'alice@example.com',
      givenName: 'Alice',
      familyName: 'Newhire',
    });
    h.emulator.state.updateUser('bob@example.com', { primaryEmail: 'robert@example.com' });
    await synchronizeNow(page);

    // The run view follows the new run; its summary names each reason in words with its count.
    const summary = runView(page).getByLabel('Changes per reason');
    await expect
      .poll(() => summary.textContent(), { timeout: 30_000 })
      .toContain('User name held by a user no longer in Google Workspace1');
    expect(await summary.textContent()).toContain('Primary address changed1');
    expect(await summary.textContent()).toContain('Deleted in Google Workspace1');

    const conflict = runView(page)
      .locator('tbody tr')
      .filter({ hasText: 'no longer exists in Google Workspace' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('alice@example.com');
    await conflict.getByRole('button', { name: 'Remove stale user…' }).click();
    await conflict.getByText('Its archive folder is kept').waitFor();
    await screenshot(page, 'sync-stale-user-confirm');
    await conflict.getByRole('button', { name: 'Remove stale user', exact: true }).click();
    await conflict
      .getByRole('status')
      .filter({ hasText: 'Removed the stale user alice@example.com' })
      .waitFor();
    await screenshot(page, 'sync-stale-user-removed');

    // The old Alice's archive is kept and offered for assignment.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Archive folders' })
      .click();
    await page.locator('tr[data-folder-id]').filter({ hasText: 'alice@example.com' }).waitFor();

    // The next synchronization creates the new hire.
    await synchronizeNow(page);
    const created = runView(page)
      .locator('tbody tr')
      .filter({ hasText: 'alice@example.com' })
      .filter({ hasText: 'New in Google Workspace' });
    await created.waitFor({ timeout: 30_000 });
    expect(await created.textContent()).toContain('Applied');
  });
});
