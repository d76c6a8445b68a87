import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser } from '../support/test-app';
import {
  chooseAccountAtGoogle,
  denialReasonOf,
  goToGoogle,
  returnFromGoogle,
  seedDirectoryUser,
  signInWithGoogle,
  startOidcHarness,
  type TOidcHarness,
} from './oidc-harness';

describe('Sign in with Google: protocol checks', () => {
  let h: TOidcHarness;

  beforeAll(async () => {
    h = await startOidcHarness();
    await seedDirectoryUser(h.database, {
      email: 'alice@example.com',
      googleUserId: '100000000000000000002',
    });
    h.emulator.state.addUser({
      primaryEmail: 'oscar@example.com',
      givenName: 'Oscar',
      familyName: 'Unverified',
      emailVerified: false,
    });
    await seedDirectoryUser(h.database, { email: 'oscar@example.com' });
  });

  afterEach(() => {
    h.emulator.faults.reset();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('signs a synced user in: USER session cookie, redirect to /me, their own profile', async () => {
    const { browser, response } = await signInWithGoogle(h.app, 'alice@example.com');
    expect(response.statusCode, response.body).toBe(303);
    expect(response.headers.location).toBe('/me');
    const cookie = response.cookies.find((c) => c.name === 'wac_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    const me = await browser.request({ method: 'GET', url: '/api/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      userName: 'alice@example.com',
      sessionKind: 'USER',
      privileges: ['login'],
    });

    const audit = await h.database.prisma.auditLog.findFirst({
      where: { action: 'oidc.sign_in.succeeded', actorName: 'alice@example.com' },
    });
    expect(audit?.details).toMatchObject({ email: 'alice@example.com', hd: 'example.com' });
  });

  it('sends PKCE (S256), state, nonce, prompt=select_account, the hd hint and login_hint to Google', async () => {
    const browser = await openBrowser(h.app);
    const start = await browser.request({
      method: 'GET',
      url: '/oidc/signin?login_hint=alice%40example.com',
    });
    const url = new URL(start.headers.location as string);
    expect(url.origin + url.pathname).toBe(`${h.emulator.issuer}/o/oauth2/v2/auth`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      prompt: 'select_account',
      hd: 'example.com',
      login_hint: 'alice@example.com',
      redirect_uri: 'http://127.0.0.1:8462/oidc/signin',
    });
    expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.state).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(params.nonce).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(params.nonce).not.toBe(params.state);
    const binding = start.cookies.find((c) => c.name === 'wac_oidc_binding');
    expect(binding).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  it('refuses a tampered state', async () => {
    const browser = await openBrowser(h.app);
    const { callbackUrl } = await goToGoogle(browser, 'alice@example.com');
    const state = callbackUrl.searchParams.get('state') ?? '';
    callbackUrl.searchParams.set('state', `${state.slice(0, -2)}xy`);
    const response = await returnFromGoogle(browser, callbackUrl);
    expect(response.statusCode).toBe(400);
    expect(denialReasonOf(response)).toBe('STATE_INVALID');
    expect(response.cookies.find((c) => c.name === 'wac_session')).toBeUndefined();
  });

  it('honours a callback once: replaying it is refused', async () => {
    const browser = await openBrowser(h.app);
    const { callbackUrl } = await goToGoogle(browser, 'alice@example.com');
    expect((await returnFromGoogle(browser, callbackUrl)).statusCode).toBe(303);
    const replay = await returnFromGoogle(browser, callbackUrl);
    expect(replay.statusCode).toBe(400);
    expect(denialReasonOf(replay)).toBe('STATE_INVALID');
  });

  it('refuses a replayed code even under a fresh, valid state', async () => {
    const browser = await openBrowser(h.app);
    const first = await goToGoogle(browser, 'alice@example.com');
    expect((await returnFromGoogle(browser, first.callbackUrl)).statusCode).toBe(303);

    const second = await goToGoogle(browser, 'alice@example.com');
    second.callbackUrl.searchParams.set('code', first.callbackUrl.searchParams.get('code') ?? '');
    const response = await returnFromGoogle(browser, second.callbackUrl);
    expect(response.statusCode).toBe(401);
    expect(denialReasonOf(response)).toBe('CODE_REJECTED');
  });

  it('refuses an id_token whose nonce belongs to another sign-in', async () => {
    const browser = await openBrowser(h.app);
    const { callbackUrl } = await goToGoogle(browser, 'alice@example.com', {
      rewriteAuthorizationUrl: (url) => url.searchParams.set('nonce', 'nonce-of-an-attackers-own-sign-in'),
    });
    const response = await returnFromGoogle(browser, callbackUrl);
    expect(response.statusCode).toBe(401);
    expect(denialReasonOf(response)).toBe('NONCE_MISMATCH');
  });

  it('refuses an expired id_token', async () => {
    h.emulator.faults.idTokenLifetimeSeconds = -600;
    const { response } = await signInWithGoogle(h.app, 'alice@example.com');
    expect(response.statusCode).toBe(401);
    expect(denialReasonOf(response)).toBe('ID_TOKEN_EXPIRED');
  });

  it('refuses an unverified email address', async () => {
    const { response } = await signInWithGoogle(h.app, 'oscar@example.com');
    expect(response.statusCode).toBe(403);
    expect(denialReasonOf(response)).toBe('EMAIL_NOT_VERIFIED');
    expect(response.body).toContain('Google has not verified the address oscar@example.com');
  });

  it('refuses a callback delivered to another browser (login CSRF)', async () => {
    const attacker = await openBrowser(h.app);
    const { callbackUrl } = await goToGoogle(attacker, 'alice@example.com');
    const victim = await openBrowser(h.app);
    const response = await returnFromGoogle(victim, callbackUrl);
    expect(response.statusCode).toBe(400);
    expect(denialReasonOf(response)).toBe('BROWSER_MISMATCH');
    expect(response.cookies.find((c) => c.name === 'wac_session')).toBeUndefined();
  });

  it("shows Google's own error (the user cancelled) and consumes the state", async () => {
    const browser = await openBrowser(h.app);
    const start = await browser.request({ method: 'GET', url: '/oidc/signin' });
    const state = new URL(start.headers.location as string).searchParams.get('state') ?? '';
    const url = `/oidc/signin?error=access_denied&state=${encodeURIComponent(state)}`;
    const response = await browser.request({ method: 'GET', url });
    expect(response.statusCode).toBe(401);
    expect(denialReasonOf(response)).toBe('GOOGLE_ERROR');
    expect(response.body).toContain('The sign-in was cancelled at Google.');
    expect(denialReasonOf(await browser.request({ method: 'GET', url }))).toBe('STATE_INVALID');
  });

  it('serves denial pages that load nothing and leak no code through the Referer', async () => {
    const browser = await openBrowser(h.app);
    const response = await browser.request({ method: 'GET', url: '/oidc/signin?code=x&state=%3Cscript%3E' });
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.body).not.toContain('<script>');
  });

  it('sends a user who picked another account at Google through the same checks', async () => {
    const browser = await openBrowser(h.app);
    const start = await browser.request({
      method: 'GET',
      url: '/oidc/signin?login_hint=oscar%40example.com',
    });
    const callbackUrl = await chooseAccountAtGoogle(
      new URL(start.headers.location as string),
      'alice@example.com',
    );
    const response = await returnFromGoogle(browser, callbackUrl);
    expect(response.statusCode).toBe(303);
    const me = await browser.request({ method: 'GET', url: '/api/me' });
    expect(me.json().userName).toBe('alice@example.com');
  });
});
