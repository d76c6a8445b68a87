import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../src/modules/audit/audit.actions';
import { INVALID_CREDENTIALS_MESSAGE } from '../src/modules/auth/auth.service';
import { createMutableClock } from './support/mutable-clock';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, openBrowser, signIn } from './support/test-app';
import { createUser } from './support/users.fixture';

const MINUTE = 60_000;

describe('auth API', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  const clock = createMutableClock(new Date('2026-03-01T09:00:00Z'));

  beforeAll(async () => {
    database = await createTestDatabase();
    await bootstrapAdmin(database);
    await createUser(database.prisma, {
      userName: 'clerk',
      password: 'clerk-password',
      privileges: ['login'],
    });
    await createUser(database.prisma, { userName: 'nologin', password: 'nologin-password', privileges: [] });
    await createUser(database.prisma, {
      userName: 'frozen',
      password: 'frozen-password',
      privileges: ['login'],
      isSuspended: true,
    });
    app = await buildTestApp(database, { clock });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  beforeEach(async () => {
    await database.prisma.signInThrottle.deleteMany();
  });

  const countSessions = () => database.prisma.session.count();
  const auditActions = async () =>
    (await database.prisma.auditLog.findMany({ orderBy: { id: 'asc' } })).map((entry) => entry.action);

  describe('GET /api/auth/session', () => {
    it('answers null and a CSRF token for an anonymous browser and sets a pre-session cookie', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/auth/session' });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.user).toBeNull();
      expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      const cookie = response.cookies.find((candidate) => candidate.name === 'wac_presession');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie?.secure).toBeFalsy();
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('keeps the same token while the pre-session cookie is kept', async () => {
      const browser = await openBrowser(app);
      const again = await browser.request({ method: 'GET', url: '/api/auth/session' });
      expect(again.json().csrfToken).toBe(browser.csrfToken);
    });
  });

  describe('POST /api/auth/sign-in', () => {
    it('signs the admin in, sets the session cookie and returns the user and a new CSRF token', async () => {
      const browser = await openBrowser(app);
      const presessionToken = browser.csrfToken;
      const response = await browser.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'ADMIN', password: ADMIN_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.user).toMatchObject({ userName: 'admin', fullName: 'Administrator', isAdmin: true });
      expect(body.user.privileges).toContain('admin');
      expect(Object.keys(body.user).sort()).toEqual(['fullName', 'id', 'isAdmin', 'privileges', 'userName']);
      expect(body.csrfToken).not.toBe(presessionToken);

      const cookie = response.cookies.find((candidate) => candidate.name === 'wac_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie?.secure).toBeFalsy();
      expect(browser.jar.get('wac_presession')).toBeUndefined();

      const session = await browser.request({ method: 'GET', url: '/api/auth/session' });
      expect(session.json()).toEqual({ user: body.user, csrfToken: body.csrfToken });
    });

    it('stores only a hash of the session token', async () => {
      const browser = await signIn(app, 'admin', ADMIN_PASSWORD);
      const token = browser.jar.get('wac_session');
      expect(token).toBeDefined();
      const stored = await database.prisma.session.findMany({ select: { id: true } });
      expect(stored.map((row) => row.id)).not.toContain(token);
      expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.id))).toBe(true);
    });

    it('answers the same generic 401 for a wrong password, an unknown user and a user who may not sign in', async () => {
      const attempts = [
        { userName: 'admin', password: 'wrong' },
        { userName: 'nobody-here', password: 'whatever' },
        { userName: 'nologin', password: 'nologin-password' },
        { userName: 'frozen', password: 'frozen-password' },
      ];
      for (const payload of attempts) {
        const browser = await openBrowser(app, '10.0.0.1');
        const response = await browser.request({ method: 'POST', url: '/api/auth/sign-in', payload });
        expect(response.statusCode, payload.userName).toBe(401);
        expect(response.json().error).toMatchObject({
          code: 'INVALID_CREDENTIALS',
          message: INVALID_CREDENTIALS_MESSAGE,
        });
        expect(response.cookies.find((cookie) => cookie.name === 'wac_session')).toBeUndefined();
      }
    });

    it('records every sign-in in the audit log with the reason kept out of the response', async () => {
      await database.prisma.auditLog.deleteMany();
      await signIn(app, 'admin', ADMIN_PASSWORD, '10.0.0.2');
      const browser = await openBrowser(app, '10.0.0.2');
      await browser.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'admin', password: 'x' },
      });

      const entries = await database.prisma.auditLog.findMany({ orderBy: { id: 'asc' } });
      expect(entries.map((entry) => entry.action)).toEqual([
        AUDIT_ACTIONS.signInSucceeded,
        AUDIT_ACTIONS.signInFailed,
      ]);
      expect(entries[0]).toMatchObject({ actorName: 'admin', ip: '10.0.0.2' });
      expect(entries[0]?.actorUserId).toBeTruthy();
      expect(entries[0]?.requestId).toBeTruthy();
      expect(entries[1]?.details).toMatchObject({ userName: 'admin', reason: 'wrong_password', failures: 1 });
    });

    it('rejects a malformed body with 400 VALIDATION_FAILED', async () => {
      const browser = await openBrowser(app);
      const response = await browser.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: '' },
      });
      expect(response.statusCode).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
        'password',
        'userName',
      ]);
    });

    it('creates a USER session (not an admin one) for a local user without the admin privilege', async () => {
      const browser = await signIn(app, 'clerk', 'clerk-password');
      const session = await browser.request({ method: 'GET', url: '/api/auth/session' });
      expect(session.json().user).toMatchObject({ userName: 'clerk', isAdmin: false, privileges: ['login'] });
      const row = await database.prisma.session.findFirstOrThrow({
        where: { user: { userName: 'clerk' } },
        orderBy: { createdAt: 'desc' },
      });
      expect(row.kind).toBe('USER');
    });
  });

  describe('sign-in throttling', () => {
    const fail = async (ip: string, userName = 'admin') => {
      const browser = await openBrowser(app, ip);
      return browser.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName, password: 'bad' },
      });
    };

    it('locks a user name from an IP after 5 failures, even for the right password, and audits it', async () => {
      for (let attempt = 1; attempt <= 5; attempt++) {
        expect((await fail('192.0.2.10')).statusCode).toBe(401);
      }
      const browser = await openBrowser(app, '192.0.2.10');
      const locked = await browser.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'admin', password: ADMIN_PASSWORD },
      });
      expect(locked.statusCode).toBe(429);
      const { error } = locked.json();
      expect(error.code).toBe('TOO_MANY_ATTEMPTS');
      expect(error.details.retryAfterSeconds).toBe(60);
      expect(locked.headers['retry-after']).toBe('60');
      expect(locked.cookies.find((cookie) => cookie.name === 'wac_session')).toBeUndefined();

      const throttled = await database.prisma.auditLog.findFirst({
        where: { action: AUDIT_ACTIONS.signInThrottled, ip: '192.0.2.10' },
      });
      expect(throttled?.details).toMatchObject({ userName: 'admin', retryAfterSeconds: 60 });
      const lastFailure = await database.prisma.auditLog.findFirst({
        where: { action: AUDIT_ACTIONS.signInFailed, ip: '192.0.2.10' },
        orderBy: { id: 'desc' },
      });
      expect(lastFailure?.details).toMatchObject({ failures: 5, isNowLocked: true });
    });

    it('keeps other IPs and other user names unaffected', async () => {
      for (let attempt = 1; attempt <= 5; attempt++) await fail('192.0.2.20');
      expect((await fail('192.0.2.20')).statusCode).toBe(429);
      expect((await fail('192.0.2.21')).statusCode).toBe(401);
      expect((await fail('192.0.2.20', 'clerk')).statusCode).toBe(401);
      await signIn(app, 'admin', ADMIN_PASSWORD, '192.0.2.21');
    });

    it('lets the user in after the lock ends, then starts from zero', async () => {
      for (let attempt = 1; attempt <= 5; attempt++) await fail('192.0.2.30');
      clock.advance(61_000);
      await signIn(app, 'admin', ADMIN_PASSWORD, '192.0.2.30');
      // Only the address-wide counter stays (see sign-in-throttle.policy.ts).
      expect(await database.prisma.signInThrottle.findMany({ select: { key: true } })).toEqual([
        { key: 'address:192.0.2.30' },
      ]);
      expect((await fail('192.0.2.30')).statusCode).toBe(401);
    });

    it('doubles the lock when failures continue after it ends', async () => {
      for (let attempt = 1; attempt <= 5; attempt++) await fail('192.0.2.40');
      clock.advance(61_000);
      expect((await fail('192.0.2.40')).statusCode).toBe(401);
      const locked = await fail('192.0.2.40');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.details.retryAfterSeconds).toBe(120);
    });

    it('counts parallel guesses one by one', async () => {
      const responses = await Promise.all(Array.from({ length: 12 }, () => fail('192.0.2.50')));
      const statuses = responses.map((response) => response.statusCode);

      expect(statuses.filter((status) => status === 401)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(7);
    });
  });

  describe('CSRF protection', () => {
    it('rejects sign-in without a token and writes nothing', async () => {
      await database.prisma.auditLog.deleteMany();
      const sessionsBefore = await countSessions();
      const browser = await openBrowser(app);
      for (const csrfToken of [null, 'forged-token', '']) {
        const response = await browser.request({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { userName: 'admin', password: ADMIN_PASSWORD },
          csrfToken,
        });
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('CSRF_TOKEN_INVALID');
      }
      expect(await countSessions()).toBe(sessionsBefore);
      expect(await auditActions()).toEqual([]);
      expect(await database.prisma.signInThrottle.count()).toBe(0);
    });

    it('rejects a token that belongs to another browser (login CSRF)', async () => {
      const attacker = await openBrowser(app);
      const victim = await openBrowser(app);
      const response = await victim.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'admin', password: ADMIN_PASSWORD },
        csrfToken: attacker.csrfToken,
      });
      expect(response.statusCode).toBe(403);
    });

    it('rejects a state-changing request from a browser that never loaded the console', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { 'x-csrf-token': 'anything' },
        payload: { userName: 'admin', password: ADMIN_PASSWORD },
      });
      expect(response.statusCode).toBe(403);
    });

    it('checks the token before parsing, so a cross-site form post is rejected as CSRF', async () => {
      const browser = await openBrowser(app);
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { cookie: browser.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'userName=admin&password=x',
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('CSRF_TOKEN_INVALID');
    });

    it('requires the session token (not the pre-session one) once signed in, and keeps the session on rejection', async () => {
      const browser = await signIn(app, 'admin', ADMIN_PASSWORD);
      const sessionsBefore = await countSessions();
      const response = await browser.request({
        method: 'POST',
        url: '/api/auth/sign-out',
        csrfToken: 'stale',
      });
      expect(response.statusCode).toBe(403);
      expect(await countSessions()).toBe(sessionsBefore);
      const session = await browser.request({ method: 'GET', url: '/api/auth/session' });
      expect(session.json().user?.userName).toBe('admin');
    });
  });

  describe('POST /api/auth/sign-out', () => {
    it('ends the session, clears the cookie and audits it', async () => {
      const browser = await signIn(app, 'admin', ADMIN_PASSWORD);
      const sessionsBefore = await countSessions();
      const response = await browser.request({ method: 'POST', url: '/api/auth/sign-out' });
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect(browser.jar.get('wac_session')).toBeUndefined();
      expect(await countSessions()).toBe(sessionsBefore - 1);
      const last = await database.prisma.auditLog.findFirst({ orderBy: { id: 'desc' } });
      expect(last).toMatchObject({ action: AUDIT_ACTIONS.signOut, actorName: 'admin' });
    });

    it('makes the old cookie worthless', async () => {
      const browser = await signIn(app, 'admin', ADMIN_PASSWORD);
      const oldCookie = browser.jar.header();
      await browser.request({ method: 'POST', url: '/api/auth/sign-out' });
      const replay = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: oldCookie } });
      expect(replay.statusCode).toBe(401);
    });
  });

  describe('session expiry', () => {
    it('ends a session after 30 idle minutes', async () => {
      const browser = await signIn(app, 'admin', ADMIN_PASSWORD);
      clock.advance(29 * MINUTE);
      expect((await browser.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(200);
      clock.advance(29 * MINUTE);
      expect((await browser.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(200);
      clock.advance(31 * MINUTE);
      const expired = await browser.request({ method: 'GET', url: '/api/users' });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error.code).toBe('UNAUTHENTICATED');
    });

    it('ends even an active session after 12 hours', async () => {
      const browser = await signIn(app, 'admin', ADMIN_PASSWORD);
      for (let step = 0; step < 26; step++) {
        clock.advance(29 * MINUTE);
        await browser.request({ method: 'GET', url: '/api/users' });
      }
      const response = await browser.request({ method: 'GET', url: '/api/auth/session' });
      expect(response.json().user).toBeNull();
    });

    it('ends the sessions of a user who is suspended meanwhile', async () => {
      const browser = await signIn(app, 'clerk', 'clerk-password');
      await database.prisma.user.update({ where: { userNameKey: 'clerk' }, data: { isSuspended: true } });
      const response = await browser.request({ method: 'GET', url: '/api/auth/session' });
      expect(response.json().user).toBeNull();
      await database.prisma.user.update({ where: { userNameKey: 'clerk' }, data: { isSuspended: false } });
    });
  });
});
