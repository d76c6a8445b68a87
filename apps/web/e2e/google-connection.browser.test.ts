import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser';
import {
  directoryApiEnv,
  DELEGATED_SCOPES as SCOPES,
  startConsoleWithGoogle,
  type TConsoleWithGoogle,
  type TEmulator,
} from './console-harness';
import { signInAsAdmin } from './console-steps';

const ADMIN_PASSWORD = 'google-connection admin password';

function checklistItem(page: Page, id: string) {
  return page.locator(`[data-check-id="${id}"]`);
}

function directoryTabs(page: Page) {
  return page.getByRole('navigation', { name: 'Directory Services' });
}

function connectionTab(page: Page) {
  return directoryTabs(page).getByRole('link', { name: /^Google connection/ });
}

describe('Directory Services: Google Workspace connection', () => {
  let h: TConsoleWithGoogle;
  let page: Page;
  let emulator: TEmulator;
  let key: ReturnType<TEmulator['createServiceAccountKey']>;
  let keyFile: string;

  beforeAll(async () => {
    h = await startConsoleWithGoogle({
      adminPassword: ADMIN_PASSWORD,
      env: directoryApiEnv,
      canUseClipboard: true,
    });
    ({ page, emulator } = h);
    key = emulator.createServiceAccountKey({ delegatedScopes: SCOPES });
    keyFile = await h.writeFile('wac-emulator-4f2a9c.json', key.json, { mode: 0o600 });
    await signInAsAdmin(page, ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('opens on the connection tab, with the other tabs one click away', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Directory Services' })
      .click();
    await page.waitForURL('**/directory/connection');
    const tabs = directoryTabs(page);
    expect(await tabs.getByRole('link').allTextContents()).toEqual([
      expect.stringMatching(/^Google connection/),
      'User synchronization',
      'History',
    ]);
    const current = tabs.locator('[aria-current="page"]');
    expect(await current.count()).toBe(1);
    expect(await current.textContent()).toMatch(/^Google connection/);
    await tabs.getByRole('link', { name: 'Google connection' }).getByText('Not set up').waitFor();
    expect(await page.title()).toContain('Google connection');
  });

  it('says on the synchronization tab that the connection comes first, and links to it', async () => {
    await directoryTabs(page).getByRole('link', { name: 'User synchronization' }).click();
    await page.waitForURL('**/directory/synchronization');
    const notice = page.getByRole('status').filter({ hasText: 'Connect Google Workspace first' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(
      'the service-account key and the admin user are not set up yet',
    );
    expect(await page.getByRole('button', { name: 'Synchronize now' }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Synchronization settings' }).count()).toBe(0);
    await screenshot(page, 'directory-sync-needs-connection');

    await notice.getByRole('link', { name: 'Set up the Google connection' }).click();
    await page.waitForURL('**/directory/connection');
    expect(await directoryTabs(page).locator('[aria-current="page"]').textContent()).toMatch(
      /^Google connection/,
    );
  });

  it('starts with the upload form and the scopes to delegate', async () => {
    await page.getByRole('heading', { name: 'Google Workspace connection' }).waitFor();
    expect(await page.getByLabel('Integration type').inputValue()).toBe('google-workspace');
    expect(await page.getByText('Appears once the key is uploaded.').isVisible()).toBe(true);
    expect(await page.getByRole('list', { name: 'OAuth scopes' }).locator('li').allTextContents()).toEqual(
      SCOPES.map((scope) => expect.stringContaining(scope)),
    );
    await screenshot(page, 'directory-google-empty');
  });

  it('explains a wrong file in words', async () => {
    const oauthClient = await h.writeFile(
      'client_secret.json',
      JSON.stringify({ web: { client_id: '1.apps.googleusercontent.com' } }),
    );
    await page.getByLabel('Key file').setInputFiles(oauthClient);
    await page.getByRole('button', { name: 'Upload key' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The key was not accepted' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('OAuth client ID file (web application)');
    await screenshot(page, 'directory-google-wrong-file');
  });

  it('uploads the key and shows the Client ID and scopes, each with a copy button', async () => {
    await page.getByLabel('Key file').setInputFiles(keyFile);
    await page.getByRole('button', { name: 'Upload key' }).click();
    await page.getByText('Key uploaded').waitFor();

    expect(await page.getByTestId('client-id').textContent()).toBe(key.clientId);
    const details = await page.getByRole('region', { name: '1. Service-account key' }).textContent();
    expect(details).toContain(key.clientEmail);
    expect(details).toContain(key.keyId);
    expect(details).toContain('Uploaded today');

    await page.getByRole('button', { name: 'Copy Client ID' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(key.clientId);
    await page.getByRole('button', { name: 'Copy all scopes' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(SCOPES.join(','));
    await page.getByRole('button', { name: `Copy scope ${SCOPES[2]}` }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(SCOPES[2]);
    await screenshot(page, 'directory-google-key-uploaded');
  });

  it('saves the admin user and passes Check setup', async () => {
    await page.getByLabel('Admin user email').fill('admin@example.com');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    await expect
      .poll(() =>
        directoryTabs(page)
          .getByRole('link', { name: /^Google connection/ })
          .textContent(),
      )
      .toBe('Google connection');

    await page.getByRole('button', { name: 'Check setup' }).click();
    const summary = page.getByText('All 9 checks passed.');
    await summary.waitFor({ timeout: 30_000 });
    const items = page.getByRole('list', { name: 'Setup checks' }).locator('li');
    expect(await items.count()).toBe(9);
    for (const text of await items.allTextContents()) expect(text).toContain('Passed');
    await expect.poll(() => connectionTab(page).textContent()).toMatch(/^Google connection ?Verified /);
    await screenshot(page, 'directory-google-check-passed');
  });

  it('shows the last check again after a reload, and says so on the tab', async () => {
    await page.reload();
    await page.getByText('All 9 checks passed.').waitFor();
    expect(await page.getByRole('list', { name: 'Setup checks' }).locator('li').count()).toBe(9);
    expect(await page.getByRole('button', { name: 'Check again' }).count()).toBe(1);
    const badge = connectionTab(page).locator('.badge');
    expect(await badge.textContent()).toMatch(
      /^Verified [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} (AM|PM)$/,
    );
    expect(await badge.getAttribute('class')).toContain('badge--success');
    await screenshot(page, 'directory-google-check-kept-after-reload');
  });

  it('names the missing scope and the remedy when delegation lacks one', async () => {
    emulator.revokeDelegation(key.clientId, SCOPES[1]);
    try {
      await page.getByRole('button', { name: 'Check again' }).click();
      await page.getByText('2 of 9 checks failed, 1 skipped.').waitFor({ timeout: 30_000 });
      const groups = checklistItem(page, 'scope-directory-groups');
      expect(await groups.textContent()).toContain('Failed');
      expect(await groups.textContent()).toContain(SCOPES[1]);
      expect(await groups.locator('.gc-check__remedy').textContent()).toContain(key.clientId);
      await expect.poll(() => connectionTab(page).locator('.badge').textContent()).toBe('Check failed');
      await page.reload();
      await page.getByText('2 of 9 checks failed, 1 skipped.').waitFor();
      expect(await connectionTab(page).locator('.badge').getAttribute('class')).toContain('badge--danger');
      await screenshot(page, 'directory-google-check-failed');
    } finally {
      emulator.grantDelegation(key.clientId, SCOPES);
    }
  });

  it('names the Admin console switch when IMAP is off for the domain', async () => {
    emulator.gmail.faults.domainImapDisabled = true;
    try {
      await page.getByRole('button', { name: 'Check again' }).click();
      await page.getByText('1 of 9 checks failed.').waitFor({ timeout: 30_000 });
      const imap = checklistItem(page, 'imap-all-mail');
      expect(await imap.textContent()).toContain('Log in over IMAP and open All Mail');
      expect(await imap.textContent()).toContain('IMAP access is disabled');
      expect(await imap.locator('.gc-check__remedy').textContent()).toContain(
        'Gmail > End User Access and turn on IMAP access',
      );
      await imap.scrollIntoViewIfNeeded();
      await screenshot(page, 'directory-google-check-imap-disabled');
    } finally {
      emulator.gmail.faults.reset();
    }
  });

  it('keeps the working key when a new one fails its check', async () => {
    const ungranted = emulator.createServiceAccountKey({
      clientEmail: 'second@wac-emulator.iam.gserviceaccount.com',
    });
    const ungrantedFile = await h.writeFile('second.json', ungranted.json);
    await page.getByRole('button', { name: 'Replace key…' }).click();
    await page.getByLabel('Key file').setInputFiles(ungrantedFile);
    await page.getByRole('button', { name: 'Upload and switch' }).click();
    const warning = page.getByRole('status').filter({ hasText: 'The new key was not switched in' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain(ungranted.keyId);
    expect(await warning.textContent()).toContain(`What to do:`);
    expect(await warning.textContent()).toContain(ungranted.clientId);
    expect(await page.getByTestId('client-id').textContent()).toBe(key.clientId);
    // The page must not grow sideways: long scope URLs wrap inside the alert.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await screenshot(page, 'directory-google-rotation-rejected');

    await page.getByRole('button', { name: 'Discard new key' }).click();
    await warning.waitFor({ state: 'detached' });
    expect(await page.getByTestId('client-id').textContent()).toBe(key.clientId);
  });
});
