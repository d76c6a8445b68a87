import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser';
import { directoryApiEnv, startConsoleWithGoogle, type TConsoleWithGoogle } from './console-harness';
import { signInAsAdmin } from './console-steps';
import { connectGoogleWorkspace } from './google-steps';

// Issue 10, item 11: a group holding a CUSTOMER member (everyone in the organisation) filters nothing.
const ADMIN_PASSWORD = 'group scope admin password';

const settingsForm = (page: Page) => page.getByRole('form', { name: 'Synchronization settings' });

async function pickGroup(page: Page, email: string): Promise<void> {
  const settings = settingsForm(page);
  const open = settings.getByRole('button', { name: /(Choose|Change) groups…/ });
  if (await open.isVisible()) await open.click();
  await settings.getByLabel('Search groups').fill(email.split('@')[0] ?? email);
  const groups = settings.getByRole('list', { name: 'Google groups' });
  const item = groups.locator('li').filter({ hasText: email });
  await item.waitFor({ timeout: 10_000 });
  await item.getByRole('checkbox').check();
}

describe('Synchronize: groups that hold everyone in the organisation', () => {
  let h: TConsoleWithGoogle;
  let page: Page;

  beforeAll(async () => {
    h = await startConsoleWithGoogle({ adminPassword: ADMIN_PASSWORD, env: directoryApiEnv });
    ({ page } = h);
    h.emulator.state.addGroup({
      email: 'everyone@example.com',
      name: 'Everyone',
      members: [{ type: 'CUSTOMER' }],
    });
    h.emulator.state.addGroup({
      email: 'leads@example.com',
      name: 'Leads',
      members: [{ email: 'alice@example.com' }, { email: 'everyone@example.com', type: 'GROUP' }],
    });
    await signInAsAdmin(page, ADMIN_PASSWORD);
    await connectGoogleWorkspace(h, page);
    await page.goto('/directory/synchronization');
    await settingsForm(page).getByText('All users of the domain are synchronized').waitFor();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('says beside the group that it holds everyone, and that the filter selects everyone', async () => {
    await pickGroup(page, 'engineering@example.com');
    await pickGroup(page, 'leads@example.com');
    await settingsForm(page).getByRole('button', { name: 'Done' }).click();

    const chips = settingsForm(page).getByRole('list', { name: 'Selected groups' });
    const leads = chips.locator('li').filter({ hasText: 'leads@example.com' });
    await leads.getByText('everyone in the organisation').waitFor({ timeout: 15_000 });
    const engineering = chips.locator('li').filter({ hasText: 'engineering@example.com' });
    expect(await engineering.textContent()).not.toContain('everyone in the organisation');

    const note = settingsForm(page)
      .getByRole('status')
      .filter({ hasText: 'This group filter selects everyone' });
    await note.waitFor();
    expect(await note.textContent()).toContain('leads@example.com holds everyone in the organisation');
    expect(await note.textContent()).not.toContain('engineering@example.com');
    await screenshot(page, 'sync-group-holds-everyone');

    // Without that group the filter is an ordinary one again.
    await leads.getByRole('button', { name: 'Remove leads@example.com' }).click();
    await note.waitFor({ state: 'detached' });
  });
});
