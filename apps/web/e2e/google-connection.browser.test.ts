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

const ADMIN_PASSWORD = 'google-connection admin password';
const SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.readonly',
  'https://mail.google.com/',
];

function checklistItem(page: Page, id: string) {
  return page.locator(`[data-check-id="${id}"]`);
}

// A full-page shot taken while scrolled paints the fixed navigation mid-page.
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

describe('Directory Services: Google Workspace connection', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: TBrowserSession;
  let page: Page;
  let workDir: string;
  let key: ReturnType<TEmulator['createServiceAccountKey']>;
  let keyFile: string;

  beforeAll(async () => {
    [database, emulator] = await Promise.all([createTestDatabase(), startEmulator({ host: '127.0.0.1' })]);
    server = await startTestServer({
      databaseUrl: database.databaseUrl,
      adminPassword: ADMIN_PASSWORD,
      env: { GOOGLE_ADMIN_ROOT_URL: emulator.url, GOOGLE_TOKEN_URI: emulator.tokenUri },
    });
    workDir = await mkdtemp(path.join(tmpdir(), 'wac-google-key-'));
    key = emulator.createServiceAccountKey({ delegatedScopes: SCOPES });
    keyFile = path.join(workDir, 'wac-emulator-4f2a9c.json');
    await writeFile(keyFile, key.json, { mode: 0o600 });
    browser = await launchBrowser({ baseURL: server.url });
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await browser.newPage();
    await signInAsAdmin(page, ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await emulator?.close();
    await database?.drop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('starts with the upload form and the scopes to delegate', async () => {
    await page.getByRole('link', { name: 'Directory Services' }).click();
    await page.waitForURL('**/directory');
    await page.getByRole('heading', { name: 'Google Workspace connection' }).waitFor();
    expect(await page.getByLabel('Integration type').inputValue()).toBe('google-workspace');
    expect(await page.getByText('Appears once the key is uploaded.').isVisible()).toBe(true);
    expect(await page.getByRole('list', { name: 'OAuth scopes' }).locator('li').allTextContents()).toEqual(
      SCOPES.map((scope) => expect.stringContaining(scope)),
    );
    await shot(page, 'directory-google-empty');
  });

  it('explains a wrong file in words', async () => {
    const oauthClient = path.join(workDir, 'client_secret.json');
    await writeFile(oauthClient, JSON.stringify({ web: { client_id: '1.apps.googleusercontent.com' } }));
    await page.getByLabel('Key file').setInputFiles(oauthClient);
    await page.getByRole('button', { name: 'Upload key' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The key was not accepted' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('OAuth client ID file (web application)');
    await shot(page, 'directory-google-wrong-file');
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
    await shot(page, 'directory-google-key-uploaded');
  });

  it('saves the admin user and passes Check setup', async () => {
    await page.getByLabel('Admin user email').fill('admin@example.com');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Check setup' }).click();
    const summary = page.getByText('All 8 checks passed.');
    await summary.waitFor({ timeout: 30_000 });
    const items = page.getByRole('list', { name: 'Setup checks' }).locator('li');
    expect(await items.count()).toBe(8);
    for (const text of await items.allTextContents()) expect(text).toContain('Passed');
    await shot(page, 'directory-google-check-passed');
  });

  it('names the missing scope and the remedy when delegation lacks one', async () => {
    emulator.revokeDelegation(key.clientId, SCOPES[1]);
    try {
      await page.getByRole('button', { name: 'Check again' }).click();
      await page.getByText('2 of 8 checks failed, 1 skipped.').waitFor({ timeout: 30_000 });
      const groups = checklistItem(page, 'scope-directory-groups');
      expect(await groups.textContent()).toContain('Failed');
      expect(await groups.textContent()).toContain(SCOPES[1]);
      expect(await groups.locator('.gc-check__remedy').textContent()).toContain(key.clientId);
      await shot(page, 'directory-google-check-failed');
    } finally {
      emulator.grantDelegation(key.clientId, SCOPES);
    }
  });

  it('keeps the working key when a new one fails its check', async () => {
    const ungranted = emulator.createServiceAccountKey({
      clientEmail: 'second@wac-emulator.iam.gserviceaccount.com',
    });
    const ungrantedFile = path.join(workDir, 'second.json');
    await writeFile(ungrantedFile, ungranted.json);
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
    await shot(page, 'directory-google-rotation-rejected');

    await page.getByRole('button', { name: 'Discard new key' }).click();
    await warning.waitFor({ state: 'detached' });
    expect(await page.getByTestId('client-id').textContent()).toBe(key.clientId);
  });
});
