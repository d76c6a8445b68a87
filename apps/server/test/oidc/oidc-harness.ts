import type { TTestDatabase } from '@wac/db/testing';
import type { TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { startAppHarness, type TAppHarness } from '../support/app-harness';
import { openBrowser, type TBrowser } from '../support/test-app';

export const CLIENT_ID = '1234567890-wac.apps.googleusercontent.com';
export const CLIENT_SECRET = 'GOCSPX-emulated-client-secret';
/** app.inject has no port; any loopback base works as long as Google (the emulator) has it registered. */
export const PUBLIC_BASE_URL = 'http://127.0.0.1:8462';
export const REDIRECT_URI = `${PUBLIC_BASE_URL}/oidc/signin`;

export type TOidcHarness = TAppHarness;

/** Registers a client (ours unless told otherwise) with Google, allowed to return to our redirect URI. */
export function registerClientAtGoogle(
  emulator: TEmulator,
  client: { clientId: string; clientSecret: string } = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
): void {
  emulator.registerOidcClient({ ...client, redirectUris: [REDIRECT_URI] });
}

export type TOidcHarnessOptions = {
  /** More server variables (e.g. PUBLIC_URL) beside the issuer. */
  env?: Record<string, string>;
  /** Save our client's settings as the admin would (default); false leaves sign-in unconfigured. */
  isConfigured?: boolean;
};

/** A migrated database, the emulator as Google (client registered), and the app configured for it. */
export async function startOidcHarness(options: TOidcHarnessOptions = {}): Promise<TOidcHarness> {
  const h = await startAppHarness({
    env: (emulator) => ({
      GOOGLE_OIDC_ISSUER: emulator.issuer,
      ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING: 'true',
      ...options.env,
    }),
  });
  registerClientAtGoogle(h.emulator);
  if (options.isConfigured === false) return h;
  const saved = await h.admin.request({
    method: 'PUT',
    url: '/api/oidc/settings',
    payload: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, publicBaseUrl: PUBLIC_BASE_URL },
  });
  if (saved.statusCode !== 200) {
    await h.close();
    expect(saved.statusCode, saved.body).toBe(200);
  }
  return h;
}

export type TSeedUser = {
  email: string;
  googleUserId?: string | null;
  privileges?: string[];
  isSuspended?: boolean;
  authMethod?: 'LOCAL' | 'DIRECTORY';
  aliases?: string[];
};

/** A synced user as directory sync leaves it: named after its address, with its own archive. */
export async function seedDirectoryUser(database: TTestDatabase, seed: TSeedUser) {
  const userName = seed.email.toLowerCase();
  return database.prisma.user.create({
    data: {
      userName,
      userNameKey: userName,
      fullName: userName.split('@')[0] ?? userName,
      emails: [userName, ...(seed.aliases ?? [])],
      authMethod: seed.authMethod ?? 'DIRECTORY',
      googleUserId: seed.googleUserId ?? null,
      isSuspended: seed.isSuspended ?? false,
      privileges: seed.privileges ?? ['login'],
      archiveFolder: { create: { name: `Archive of ${userName}`, ownerUserName: userName } },
    },
  });
}

export type TGoogleTrip = {
  /** Google's authorization URL our server redirected to. */
  authorizationUrl: URL;
  /** Where Google sends the browser back: our /oidc/signin?code&state. */
  callbackUrl: URL;
};

/** The emulator's login page: pick an account by address, as a user clicks it at Google. */
export async function chooseAccountAtGoogle(authorizationUrl: URL, email: string): Promise<URL> {
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  const html = await page.text();
  expect(page.status, html).toBe(200);
  const pendingId = /name="request" value="([^"]+)"/.exec(html)?.[1];
  expect(pendingId, 'the login page carries its pending request').toBeDefined();
  const chosen = await fetch(new URL('/o/oauth2/v2/auth/choose', authorizationUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: pendingId ?? '', email }),
  });
  const location = chosen.headers.get('location');
  expect(chosen.status, await chosen.text()).toBe(302);
  return new URL(location ?? '');
}

/** GET /oidc/signin in `browser`, then Google's part; stops before the callback reaches our server. */
export async function goToGoogle(
  browser: TBrowser,
  email: string,
  options: { loginHint?: string; rewriteAuthorizationUrl?: (url: URL) => void } = {},
): Promise<TGoogleTrip> {
  const query = options.loginHint === undefined ? '' : `?login_hint=${encodeURIComponent(options.loginHint)}`;
  const start = await browser.request({ method: 'GET', url: `/oidc/signin${query}` });
  expect(start.statusCode, start.body).toBe(302);
  const authorizationUrl = new URL(start.headers.location as string);
  options.rewriteAuthorizationUrl?.(authorizationUrl);
  return { authorizationUrl, callbackUrl: await chooseAccountAtGoogle(authorizationUrl, email) };
}

/** Delivers Google's redirect to our server, in `browser`. */
export function returnFromGoogle(browser: TBrowser, callbackUrl: URL): Promise<LightMyRequestResponse> {
  return browser.request({ method: 'GET', url: `${callbackUrl.pathname}${callbackUrl.search}` });
}

/** The whole round trip in a fresh browser. */
export async function signInWithGoogle(app: FastifyInstance, email: string) {
  const browser = await openBrowser(app);
  const { callbackUrl } = await goToGoogle(browser, email);
  const response = await returnFromGoogle(browser, callbackUrl);
  return { browser, response };
}

/** The reason code a denial page shows (data-reason), or undefined for any other response. */
export function denialReasonOf(response: LightMyRequestResponse): string | undefined {
  return /data-reason="([A-Z_]+)"/.exec(response.body)?.[1];
}
