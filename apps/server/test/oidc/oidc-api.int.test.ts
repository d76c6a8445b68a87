import type { TStartOidcTestResponse } from '@wac/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, openBrowser, signIn, type TBrowser } from '../support/test-app';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  chooseAccountAtGoogle,
  denialReasonOf,
  PUBLIC_BASE_URL,
  returnFromGoogle,
  seedDirectoryUser,
  signInWithGoogle,
  startOidcHarness,
  type TOidcHarness,
} from './oidc-harness';

describe('Sign-in with Google: settings, Test authentication and who may call what', () => {
  let h: TOidcHarness;
  let aliceId: string;
  let carolId: string;

  beforeAll(async () => {
    h = await startOidcHarness({
      env: { PUBLIC_URL: 'https://archive.example.com:8462' },
      isConfigured: false,
    });
    aliceId = (
      await seedDirectoryUser(h.database, {
        email: 'alice@example.com',
        googleUserId: '100000000000000000002',
      })
    ).id;
    carolId = (await seedDirectoryUser(h.database, { email: 'carol@example.com', privileges: [] })).id;
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('before it is set up', () => {
    it('is off: no button, and /oidc/signin explains why', async () => {
      const status = await h.app.inject({ method: 'GET', url: '/api/oidc/status' });
      expect(status.json()).toEqual({ isEnabled: false });
      const page = await h.app.inject({ method: 'GET', url: '/oidc/signin' });
      expect(page.statusCode).toBe(503);
      expect(denialReasonOf(page)).toBe('NOT_CONFIGURED');
    });

    it('offers PUBLIC_URL and the redirect URI it implies', async () => {
      const response = await h.admin.request({ method: 'GET', url: '/api/oidc/settings' });
      expect(response.json()).toMatchObject({
        clientId: '',
        hasClientSecret: false,
        publicBaseUrl: 'https://archive.example.com:8462',
        instanceId: null,
        redirect: {
          isValid: true,
          redirectUri: 'https://archive.example.com:8462/oidc/signin',
          problems: [],
        },
        issuer: h.emulator.issuer,
        isConfigured: false,
      });
    });
  });

  describe('redirect URI check', () => {
    it('explains why Google would refuse a URI', async () => {
      const response = await h.admin.request({
        method: 'GET',
        url: '/api/oidc/redirect-uri?publicBaseUrl=https%3A%2F%2Farchive.corp&instanceId=acme',
      });
      expect(response.json()).toEqual({
        isValid: false,
        redirectUri: 'https://archive.corp/acme/oidc/signin',
        problems: [
          {
            code: 'NOT_PUBLIC_SUFFIX',
            message: expect.stringContaining('.corp is not a public top-level domain'),
          },
        ],
      });
    });

    it('refuses to save settings Google would reject, with the reason', async () => {
      const response = await h.admin.request({
        method: 'PUT',
        url: '/api/oidc/settings',
        payload: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, publicBaseUrl: 'https://archive.local' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('archive.local: .local is reserved'),
      });
    });

    it('needs a client secret the first time', async () => {
      const response = await h.admin.request({
        method: 'PUT',
        url: '/api/oidc/settings',
        payload: { clientId: CLIENT_ID, publicBaseUrl: PUBLIC_BASE_URL },
      });
      expect(response.statusCode).toBe(400);
      const { details } = response.json().error;
      expect(details.field).toBe('clientSecret');
      // The console marks the field with this message.
      expect(Object.keys(details.fields)).toEqual(['clientSecret']);
      expect(details.fields.clientSecret).toMatch(/client secret/i);
    });
  });

  describe('saving', () => {
    it('seals the client secret and never returns it', async () => {
      const response = await h.admin.request({
        method: 'PUT',
        url: '/api/oidc/settings',
        payload: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, publicBaseUrl: PUBLIC_BASE_URL },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        hasClientSecret: true,
        isConfigured: true,
        updatedByName: 'admin',
      });
      expect(response.body).not.toContain(CLIENT_SECRET);
      const row = await h.database.prisma.oidcSettings.findUniqueOrThrow({ where: { id: 1 } });
      expect(row.sealedClientSecret).toMatch(/^v1\./);
      expect(row.sealedClientSecret).not.toContain(CLIENT_SECRET);
      const audit = await h.database.prisma.auditLog.findFirst({
        where: { action: 'oidc.settings.updated' },
      });
      expect(JSON.stringify(audit?.details)).not.toContain(CLIENT_SECRET);
      const again = await h.admin.request({ method: 'GET', url: '/api/oidc/settings' });
      expect(again.body).not.toContain(CLIENT_SECRET);
      expect((await h.app.inject({ method: 'GET', url: '/api/oidc/status' })).json()).toEqual({
        isEnabled: true,
      });
    });

    it('keeps the stored secret when none is sent', async () => {
      const response = await h.admin.request({
        method: 'PUT',
        url: '/api/oidc/settings',
        payload: { clientId: CLIENT_ID, publicBaseUrl: PUBLIC_BASE_URL, instanceId: '' },
      });
      expect(response.json()).toMatchObject({ hasClientSecret: true, isConfigured: true });
      const { response: signedIn } = await signInWithGoogle(h.app, 'alice@example.com');
      expect(signedIn.statusCode).toBe(303);
    });

    it('requires the CSRF token', async () => {
      const response = await h.admin.request({
        method: 'PUT',
        url: '/api/oidc/settings',
        payload: { clientId: CLIENT_ID, publicBaseUrl: PUBLIC_BASE_URL },
        csrfToken: null,
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('CSRF_TOKEN_INVALID');
    });
  });

  describe('an end user signed in with Google', () => {
    let alice: TBrowser;

    beforeAll(async () => {
      const { browser } = await signInWithGoogle(h.app, 'alice@example.com');
      const session = await browser.request({ method: 'GET', url: '/api/auth/session' });
      expect(session.json().user).toMatchObject({ userName: 'alice@example.com', isAdmin: false });
      browser.csrfToken = session.json().csrfToken;
      alice = browser;
    });

    it('sees only their own data at /api/me', async () => {
      const response = await alice.request({ method: 'GET', url: '/api/me' });
      expect(response.json()).toEqual({
        id: aliceId,
        userName: 'alice@example.com',
        fullName: 'alice',
        emails: ['alice@example.com'],
        authMethod: 'DIRECTORY',
        privileges: ['login'],
        sessionKind: 'USER',
        archiveFolder: { id: expect.any(String), name: 'Archive of alice@example.com' },
      });
      const withQuery = await alice.request({ method: 'GET', url: `/api/me?id=${carolId}` });
      expect(withQuery.json().id).toBe(aliceId);
    });

    it.each([
      ['GET', '/api/users'],
      ['GET', `/api/users/${'00000000-0000-0000-0000-000000000000'}`],
      ['GET', '/api/oidc/settings'],
      ['PUT', '/api/oidc/settings'],
      ['POST', '/api/oidc/tests'],
    ] as const)('cannot call the admin API %s %s (403)', async (method, url) => {
      const response = await alice.request({
        method,
        url,
        ...(method === 'GET' ? {} : { payload: { userId: aliceId } }),
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    });

    it("cannot read another user's page through the API (403)", async () => {
      const response = await alice.request({ method: 'GET', url: `/api/users/${carolId}` });
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain('carol');
    });

    it('signs out: the session ends and /api/me answers 401', async () => {
      const sessionsBefore = await h.database.prisma.session.count({ where: { userId: aliceId } });
      const out = await alice.request({ method: 'POST', url: '/api/auth/sign-out' });
      expect(out.statusCode).toBe(204);
      expect((await alice.request({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
      expect(await h.database.prisma.session.count({ where: { userId: aliceId } })).toBe(sessionsBefore - 1);
    });
  });

  it('leaves the local admin sign-in (break-glass) working beside Google sign-in', async () => {
    const browser = await signIn(h.app, 'admin', ADMIN_PASSWORD);
    const response = await browser.request({ method: 'GET', url: '/api/oidc/settings' });
    expect(response.statusCode).toBe(200);
  });

  describe('Test authentication', () => {
    const startTest = async (userId: string) => {
      const response = await h.admin.request({ method: 'POST', url: '/api/oidc/tests', payload: { userId } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<TStartOidcTestResponse>();
    };

    it('signs the chosen user in at Google, reports success, and leaves the admin session alone', async () => {
      const adminCookie = h.admin.jar.get('wac_session');
      const sessionsBefore = await h.database.prisma.session.count({ where: { userId: aliceId } });
      const { testRun, authorizationUrl } = await startTest(aliceId);
      expect(testRun.status).toBe('PENDING');
      expect(new URL(authorizationUrl).searchParams.get('login_hint')).toBe('alice@example.com');
      const pending = await h.admin.request({ method: 'GET', url: `/api/oidc/tests/${testRun.id}` });
      expect(pending.json().status).toBe('PENDING');

      const callbackUrl = await chooseAccountAtGoogle(new URL(authorizationUrl), 'alice@example.com');
      const page = await returnFromGoogle(h.admin, callbackUrl);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Test authentication succeeded');
      expect(page.cookies.find((c) => c.name === 'wac_session')).toBeUndefined();

      expect(h.admin.jar.get('wac_session')).toBe(adminCookie);
      const session = await h.admin.request({ method: 'GET', url: '/api/auth/session' });
      expect(session.json().user).toMatchObject({ userName: 'admin', isAdmin: true });
      expect(await h.database.prisma.session.count({ where: { userId: aliceId } })).toBe(sessionsBefore);

      const result = await h.admin.request({ method: 'GET', url: `/api/oidc/tests/${testRun.id}` });
      expect(result.json()).toMatchObject({
        status: 'SUCCEEDED',
        reasonCode: null,
        targetUser: { id: aliceId, userName: 'alice@example.com' },
        matchedUser: { id: aliceId, userName: 'alice@example.com' },
        googleEmail: 'alice@example.com',
        hostedDomain: 'example.com',
        completedAt: expect.any(String),
      });
    });

    it('reports the exact reason a user cannot sign in', async () => {
      const { testRun, authorizationUrl } = await startTest(carolId);
      const callbackUrl = await chooseAccountAtGoogle(new URL(authorizationUrl), 'carol@example.com');
      const page = await returnFromGoogle(h.admin, callbackUrl);
      expect(page.body).toContain('Test authentication failed');
      const result = await h.admin.request({ method: 'GET', url: `/api/oidc/tests/${testRun.id}` });
      expect(result.json()).toMatchObject({
        status: 'DENIED',
        reasonCode: 'LOGIN_NOT_PERMITTED',
        message: expect.stringContaining('does not have the "Log on" privilege'),
        matchedUser: null,
      });
      expect(await h.database.prisma.session.count({ where: { userId: carolId } })).toBe(0);
    });

    it('answers 404 for unknown users and tests', async () => {
      const unknownUser = await h.admin.request({
        method: 'POST',
        url: '/api/oidc/tests',
        payload: { userId: '00000000-0000-0000-0000-000000000000' },
      });
      expect(unknownUser.statusCode).toBe(404);
      const unknownTest = await h.admin.request({ method: 'GET', url: '/api/oidc/tests/not-a-test' });
      expect(unknownTest.statusCode).toBe(404);
    });

    it('is for admins only', async () => {
      const anonymous = await openBrowser(h.app);
      const response = await anonymous.request({
        method: 'POST',
        url: '/api/oidc/tests',
        payload: { userId: aliceId },
      });
      expect(response.statusCode).toBe(401);
    });
  });
});
