import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser';
import { directoryApiEnv, startConsoleWithGoogle, type TConsoleWithGoogle } from './console-harness';
import { ADMIN_USER_NAME, fillSignInForm, pathOf } from './console-steps';
import { connectGoogleWorkspace, synchronizeNow } from './google-steps';

// Issue 10, "What a first-time admin trips over", item 7.
const ADMIN_PASSWORD = 'first run admin password';
const CLIENT_ID = '515151-wac.apps.googleusercontent.com';
const CLIENT_SECRET = 'GOCSPX-first-run-secret';

const mainMenu = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const step = (page: Page, id: string) => page.getByTestId(`setup-step-${id}`);

async function stepStates(page: Page): Promise<string[]> {
  await page.getByRole('list', { name: 'Setup steps' }).waitFor();
  return page.getByRole('list', { name: 'Setup steps' }).locator('.badge').allTextContents();
}

async function openSetup(page: Page): Promise<void> {
  await mainMenu(page).getByRole('link', { name: 'Setup' }).click();
  await page.waitForURL('**/setup');
}

describe('First run: a checklist leads a new admin through setup', () => {
  let h: TConsoleWithGoogle;
  let page: Page;

  beforeAll(async () => {
    h = await startConsoleWithGoogle({
      adminPassword: ADMIN_PASSWORD,
      env: (emulator) => ({
        ...directoryApiEnv(emulator),
        GOOGLE_OIDC_ISSUER: emulator.issuer,
        ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING: 'true',
      }),
    });
    ({ page } = h);
    h.emulator.registerOidcClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${h.server.url}/oidc/signin`],
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('lands a fresh console on the checklist, with no menu entries for areas that do not exist yet', async () => {
    await page.goto('/sign-in');
    await fillSignInForm(page, ADMIN_USER_NAME, ADMIN_PASSWORD);
    await page.waitForURL('**/setup');
    await page.getByRole('heading', { name: 'Set up the connector', level: 1 }).waitFor();
    expect(await stepStates(page)).toEqual(['To do', 'To do', 'To do']);
    const entries = await mainMenu(page).getByRole('link').allTextContents();
    expect(entries.slice(0, 2)).toEqual(['Setup', 'Users']);
    for (const placeholder of ['Settings']) expect(entries).not.toContain(placeholder);
    await screenshot(page, 'first-run-checklist');

    // Hidden areas are not reachable by address either: no placeholder dead end.
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
  });

  it('each step links to where it is done, and is ticked off once it is', async () => {
    await page.goto('/setup');
    await step(page, 'connection').getByRole('link', { name: 'Set up the connection' }).click();
    await page.waitForURL('**/directory/connection');
    await connectGoogleWorkspace(h, page);
    // Saved is not verified: the step waits for a Check setup that passes.
    await openSetup(page);
    expect(await stepStates(page)).toEqual(['To do', 'To do', 'To do']);
    expect(await step(page, 'connection').textContent()).toContain('Run Check setup');
    await step(page, 'connection').getByRole('link').click();
    await page.getByRole('button', { name: 'Check setup' }).click();
    await page.locator('.gc-summary--passed').waitFor({ timeout: 30_000 });
    await openSetup(page);
    expect(await stepStates(page)).toEqual(['Done', 'To do', 'To do']);
    expect(await step(page, 'connection').textContent()).toContain('Check setup passed');
    expect(await step(page, 'connection').textContent()).toContain('admin@example.com');
    await screenshot(page, 'first-run-checklist-connected');

    await step(page, 'users').getByRole('link', { name: 'Synchronize users' }).click();
    await page.waitForURL('**/directory/synchronization');
    await synchronizeNow(page);
    await openSetup(page);
    expect(await stepStates(page)).toEqual(['Done', 'Done', 'To do']);

    await step(page, 'sign-in').getByRole('link', { name: 'Configure Google sign-in' }).click();
    await page.waitForURL('**/google-sign-in');
    const form = page.getByRole('form', { name: 'Google sign-in settings' });
    await form.getByLabel('Public URL', { exact: true }).fill(h.server.url);
    await form.getByLabel('Client ID', { exact: true }).fill(CLIENT_ID);
    await form.getByLabel('Client secret', { exact: true }).fill(CLIENT_SECRET);
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.getByText('Saved', { exact: true }).waitFor();
  });

  it('once every step is done, the menu drops Setup and the console opens on Users', async () => {
    await mainMenu(page).getByRole('link', { name: 'Setup' }).waitFor({ state: 'detached' });
    await page.goto('/setup');
    expect(await stepStates(page)).toEqual(['Done', 'Done', 'Done']);
    await page.getByRole('heading', { name: 'Setup is complete' }).waitFor();
    await screenshot(page, 'first-run-checklist-complete');

    await page.goto('/');
    await page.waitForURL('**/users');
    expect(pathOf(page)).toBe('/users');
    const entries = await mainMenu(page).getByRole('link').allTextContents();
    expect(entries[0]).toBe('Users');
    expect(entries).not.toContain('Setup');
  });
});
