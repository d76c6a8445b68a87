import type { TTestDatabase } from '@wac/db/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { screenshot, type TBrowserSession } from './browser';
import { startConsoleWithGoogle, type TConsoleWithGoogle } from './console-harness';
import { pathOf, signInAsAdmin } from './console-steps';

const ADMIN_PASSWORD = 'google sign-in admin password';
const CLIENT_ID = '424242-wac.apps.googleusercontent.com';
const CLIENT_SECRET = 'GOCSPX-browser-test-secret';

type TSeed = { email: string; googleUserId: string | null; privileges?: string[]; isSuspended?: boolean };

// The emulator's sample domain: alice, carol, dave (suspended at Google too) in example.com,
// grace in example.net. frank exists at Google but was never synced here.
const SEEDS: TSeed[] = [
  { email: 'alice@example.com', googleUserId: '100000000000000000002' },
  { email: 'carol@example.com', googleUserId: '100000000000000000004', privileges: [] },
  { email: 'dave@example.com', googleUserId: '100000000000000000005', isSuspended: true },
];

async function seed(database: TTestDatabase): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const user of SEEDS) {
    const created = await database.prisma.user.create({
      data: {
        userName: user.email,
        userNameKey: user.email,
        fullName: `${user.email[0]?.toUpperCase()}${user.email.slice(1, user.email.indexOf('@'))} Example`,
        emails: [user.email],
        authMethod: 'DIRECTORY',
        googleUserId: user.googleUserId,
        isSuspended: user.isSuspended ?? false,
        privileges: user.privileges ?? ['login'],
        archiveFolder: { create: { name: `Archive of ${user.email}`, ownerUserName: user.email } },
      },
    });
    ids.set(user.email, created.id);
  }
  return ids;
}

/** At the emulator's account chooser (Google's stand-in), click the account. */
async function chooseGoogleAccount(page: Page, email: string): Promise<void> {
  await page.getByRole('heading', { name: 'Choose an account' }).waitFor();
  await page.locator(`button[data-email="${email}"]`).click();
}

async function signInWithGoogle(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Sign in with Google' }).click();
  await chooseGoogleAccount(page, email);
}

describe('Sign in with Google (Chromium, emulator as Google)', () => {
  let h: TConsoleWithGoogle;
  let server: TConsoleWithGoogle['server'];
  let userBrowser: TBrowserSession;
  let admin: Page;
  let user: Page;
  let ids: Map<string, string>;

  beforeAll(async () => {
    h = await startConsoleWithGoogle({
      adminPassword: ADMIN_PASSWORD,
      env: (emulator) => ({
        GOOGLE_OIDC_ISSUER: emulator.issuer,
        ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING: 'true',
      }),
      canUseClipboard: true,
    });
    ({ server, page: admin } = h);
    ids = await seed(h.database);
    h.emulator.registerOidcClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${server.url}/oidc/signin`],
    });
    // Google refuses suspended accounts at its login page; this lets dave reach our own check.
    h.emulator.faults.suspendedUsersCanSignIn = true;
    userBrowser = await h.launchBrowser();
    user = await userBrowser.newPage();
    await signInAsAdmin(admin, ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('settings (admin)', () => {
    it('shows why Google would reject a redirect URI before anything is saved', async () => {
      await admin
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Sign-in with Google' })
        .click();
      await admin.waitForURL('**/google-sign-in');
      await admin.getByLabel('Public URL').fill('https://archive.local:8462');
      const problem = admin.getByRole('alert').filter({ hasText: 'Google will reject this redirect URI' });
      await problem.waitFor();
      expect(await problem.textContent()).toContain('archive.local: .local is reserved');
      expect(await admin.getByLabel('Authorized redirect URI', { exact: true }).inputValue()).toBe(
        'https://archive.local:8462/oidc/signin',
      );
      await screenshot(admin, 'google-sign-in-rejected-uri');
    });

    it('saves the client, shows the exact redirect URI to register, and never shows the secret again', async () => {
      await admin.getByLabel('Public URL').fill(server.url);
      await admin.getByLabel('Client ID').fill(CLIENT_ID);
      await admin.getByLabel('Client secret').fill(CLIENT_SECRET);
      await admin.locator('[data-testid="redirect-uri"][data-valid="true"]').waitFor();
      expect(await admin.getByLabel('Authorized redirect URI', { exact: true }).inputValue()).toBe(
        `${server.url}/oidc/signin`,
      );
      await admin.getByRole('button', { name: 'Copy Authorized redirect URI' }).click();
      await admin
        .getByRole('button', { name: 'Copy Authorized redirect URI' })
        .filter({ hasText: 'Copied' })
        .waitFor();
      expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(`${server.url}/oidc/signin`);

      await admin.getByRole('button', { name: 'Save' }).click();
      await admin.getByText('Users can now choose "Sign in with Google"').waitFor();
      await admin.getByRole('heading', { name: 'Sign-in with Google', level: 1 }).getByText('On').waitFor();
      expect(await admin.getByLabel('Client secret').inputValue()).toBe('');
      expect(await admin.getByLabel('Client secret').getAttribute('placeholder')).toContain('Stored');
      expect(await admin.content()).not.toContain(CLIENT_SECRET);
      await screenshot(admin, 'google-sign-in-settings');
    });
  });

  describe('end users', () => {
    beforeEach(async () => {
      await userBrowser.context.clearCookies();
    });

    it('signs a synced user in with Google and lands on their own page', async () => {
      await user.goto('/sign-in');
      await user.getByRole('link', { name: 'Sign in with Google' }).waitFor();
      await screenshot(user, 'google-sign-in-button');
      await user.getByRole('link', { name: 'Sign in with Google' }).click();
      await chooseGoogleAccount(user, 'alice@example.com');
      await user.waitForURL('**/me');
      await user.getByRole('heading', { name: 'Alice Example', level: 1 }).waitFor();
      expect(await user.getByRole('list', { name: 'Email addresses' }).textContent()).toContain(
        'alice@example.com',
      );
      expect(await user.getByRole('list', { name: 'Privileges' }).textContent()).toContain('Log on');
      await user.getByText('No messages archived yet.').waitFor();
      expect(await user.getByText('Archive of alice@example.com').isVisible()).toBe(true);
      await screenshot(user, 'google-sign-in-me');
    });

    it("keeps an end user out of the console and other users' data (pages and API)", async () => {
      await signInWithGoogle(user, 'alice@example.com');
      await user.waitForURL('**/me');

      await user.goto('/users');
      await user.getByRole('heading', { name: 'Administrators only' }).waitFor();
      expect(await user.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
      await screenshot(user, 'google-sign-in-end-user-admin-page');
      await user.goto(`/users/${ids.get('carol@example.com')}`);
      await user.getByRole('heading', { name: 'Administrators only' }).waitFor();
      expect(await user.getByText('carol@example.com').count()).toBe(0);

      const statuses = await user.evaluate(async (carolId) => {
        const status = async (url: string) => (await fetch(url)).status;
        return {
          users: await status('/api/users'),
          carol: await status(`/api/users/${carolId}`),
          settings: await status('/api/oidc/settings'),
          me: await status('/api/me'),
        };
      }, ids.get('carol@example.com'));
      expect(statuses).toEqual({ users: 403, carol: 403, settings: 403, me: 200 });
    });

    it('signs out', async () => {
      await signInWithGoogle(user, 'alice@example.com');
      await user.waitForURL('**/me');
      await user.getByRole('button', { name: 'Sign out' }).click();
      await user.waitForURL('**/sign-in');
      await user.goto('/me');
      await user.waitForURL('**/sign-in');
      expect(await user.evaluate(async () => (await fetch('/api/me')).status)).toBe(401);
    });

    it.each([
      ['frank@example.com', 'UNKNOWN_USER', 'frank@example.com is not a user of this archive server'],
      [
        'grace@example.net',
        'HD_MISMATCH',
        'belongs to example.net, which is not a domain of the Google Workspace',
      ],
      ['dave@example.com', 'USER_SUSPENDED', 'The user dave@example.com is suspended.'],
      ['carol@example.com', 'LOGIN_NOT_PERMITTED', 'does not have the "Log on" privilege'],
    ])('turns %s away with %s', async (email, reason, text) => {
      await signInWithGoogle(user, email);
      const message = user.locator(`[data-reason="${reason}"]`);
      await message.waitFor();
      expect(await message.textContent()).toContain(text);
      expect(await user.getByRole('heading', { name: 'You could not be signed in' }).isVisible()).toBe(true);
      expect(pathOf(user)).toBe('/oidc/signin');
      // The denial page's CSP forbids scripts from fetching; ask with the same browser's cookies instead.
      expect((await userBrowser.context.request.get(`${server.url}/api/me`)).status()).toBe(401);
      await screenshot(user, `google-sign-in-denied-${reason.toLowerCase().replaceAll('_', '-')}`);
    });
  });

  describe('Test authentication (admin, users page)', () => {
    const runTest = async (search: string, email: string) => {
      await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
      await admin.waitForURL('**/users');
      await admin.getByRole('button', { name: 'Test authentication' }).click();
      const dialog = admin.getByRole('dialog', { name: 'Test authentication' });
      await dialog.getByLabel('Find a user').fill(search);
      await dialog.getByRole('radio', { name: new RegExp(email) }).check();
      const popupOpened = admin.context().waitForEvent('page');
      await dialog.getByRole('button', { name: 'Start test' }).click();
      const popup = await popupOpened;
      await chooseGoogleAccount(popup, email);
      await popup.getByRole('heading', { name: /Test authentication (succeeded|failed)/ }).waitFor();
      await screenshot(popup, `google-sign-in-test-popup-${search}`);
      await popup.close();
      return dialog;
    };

    it("reports a user's success without touching the admin's session", async () => {
      const dialog = await runTest('alice', 'alice@example.com');
      const result = dialog.locator('[data-testid="test-result"][data-status="SUCCEEDED"]');
      await result.waitFor();
      expect(await result.textContent()).toContain('alice@example.com can sign in as alice@example.com');
      await screenshot(admin, 'google-sign-in-test-succeeded');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await admin.reload();
      await admin.getByTestId('signed-in-user').filter({ hasText: 'admin' }).waitFor();
    });

    it('reports the exact reason a user cannot sign in', async () => {
      const dialog = await runTest('carol', 'carol@example.com');
      const result = dialog.locator('[data-testid="test-result"][data-status="DENIED"]');
      await result.waitFor();
      expect(await result.textContent()).toContain('LOGIN_NOT_PERMITTED');
      expect(await result.textContent()).toContain('does not have the "Log on" privilege');
      await screenshot(admin, 'google-sign-in-test-denied');
      await dialog.getByRole('button', { name: 'Close' }).click();
    });
  });

  it('keeps the local administrator sign-in available beside Google', async () => {
    await userBrowser.context.clearCookies();
    await signInAsAdmin(user, ADMIN_PASSWORD);
    expect(pathOf(user)).toBe('/users');
  });
});
