import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/modules/audit/audit.actions';
import { createMutableClock } from '../support/mutable-clock';
import {
  ADMIN_PASSWORD,
  bootstrapAdmin,
  buildTestApp,
  openBrowser,
  signIn,
  type TBrowser,
} from '../support/test-app';

const SECOND = 1_000;

describe('sign-in throttling across addresses and user names', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  const clock = createMutableClock(new Date('2026-03-01T09:00:00Z'));

  beforeAll(async () => {
    database = await createTestDatabase();
    await bootstrapAdmin(database);
    app = await buildTestApp(database, { clock });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  beforeEach(async () => {
    await database.prisma.signInThrottle.deleteMany();
    clock.advance(60 * 60 * SECOND);
  });

  const attempt = async (ip: string, userName: string, password: string, browser?: TBrowser) => {
    const client = browser ?? (await openBrowser(app, ip));
    return client.request({ method: 'POST', url: '/api/auth/sign-in', payload: { userName, password } });
  };

  /** Each guess from a fresh address, as a botnet would. */
  const guessFromEverywhere = async (count: number, firstOctet: number) => {
    const statuses: number[] = [];
    for (let index = 0; index < count; index += 1) {
      statuses.push((await attempt(`10.${firstOctet}.0.${index + 1}`, 'admin', `guess-${index}`)).statusCode);
    }
    return statuses;
  };

  it('slows down guesses at one account spread over many addresses', async () => {
    expect(await guessFromEverywhere(10, 1)).toEqual(Array(10).fill(401));
    const slowed = await attempt('10.1.1.1', 'admin', 'guess-x');
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json().error.message).toMatch(/for this user .* Try again in 1 second\./);
    expect(slowed.headers['retry-after']).toBe('1');

    // The wait doubles with each further failure but never passes 30 seconds: a slow-down, not a lock.
    let retryAfter = 1;
    for (let round = 0; round < 8; round += 1) {
      clock.advance(retryAfter * SECOND);
      expect((await attempt(`10.2.0.${round}`, 'admin', 'guess')).statusCode).toBe(401);
      const next = await attempt(`10.3.0.${round}`, 'admin', 'guess');
      expect(next.statusCode).toBe(429);
      retryAfter = Number(next.headers['retry-after']);
    }
    expect(retryAfter).toBe(30);

    const audited = await database.prisma.auditLog.findFirst({
      where: { action: AUDIT_ACTIONS.signInThrottled, ip: '10.1.1.1' },
    });
    expect(audited?.details).toMatchObject({ scope: 'account', retryAfterSeconds: 1 });

    // The admin, from a new browser, is kept out at most 30 seconds.
    clock.advance(retryAfter * SECOND);
    await signIn(app, 'admin', ADMIN_PASSWORD, '192.0.2.99');
  });

  it('lets a browser that signed in to the account before skip the account slow-down', async () => {
    const admin = await signIn(app, 'admin', ADMIN_PASSWORD, '192.0.2.7');
    expect(admin.jar.get('wac_device')).toBeDefined();
    await admin.request({ method: 'POST', url: '/api/auth/sign-out' });
    admin.csrfToken = (await admin.request({ method: 'GET', url: '/api/auth/session' })).json().csrfToken;

    expect(await guessFromEverywhere(12, 4)).toEqual([...Array(10).fill(401), 429, 429]);
    const stranger = await attempt('192.0.2.8', 'admin', ADMIN_PASSWORD);
    expect(stranger.statusCode).toBe(429);
    const known = await attempt('192.0.2.7', 'admin', ADMIN_PASSWORD, admin);
    expect(known.statusCode, known.body).toBe(200);
  });

  it('does not accept a forged device cookie', async () => {
    expect(await guessFromEverywhere(10, 5)).toEqual(Array(10).fill(401));
    const browser = await openBrowser(app, '192.0.2.9');
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress: '192.0.2.9',
      headers: {
        cookie: `${browser.jar.header()}; wac_device=v1.forged.x.y.z`,
        'x-csrf-token': browser.csrfToken,
      },
      payload: { userName: 'admin', password: 'guess' },
    });
    expect(response.statusCode).toBe(429);
  });

  it('limits one address guessing over many user names', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 31; index += 1) {
      statuses.push((await attempt('203.0.113.5', `user-${index}`, 'Winter2026!')).statusCode);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses[30]).toBe(429);
    const blocked = await attempt('203.0.113.5', 'admin', ADMIN_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.message).toMatch(/from your network address/);
    // Another address, and the admin there, are not affected.
    await signIn(app, 'admin', ADMIN_PASSWORD, '203.0.113.6');
  });

  it('ignores X-Forwarded-For unless the connection comes from a proxy listed in TRUST_PROXY', async () => {
    const proxied = await buildTestApp(database, { clock, env: { TRUST_PROXY: '10.9.9.9' } });
    try {
      const send = (instance: FastifyInstance, remoteAddress: string, forwardedFor: string) =>
        instance.inject({
          method: 'GET',
          url: '/api/auth/session',
          remoteAddress,
          headers: { 'x-forwarded-for': forwardedFor },
        });
      await database.prisma.auditLog.deleteMany();
      const viaProxy = await openBrowser(proxied, '10.9.9.9');
      await viaProxy.request({ method: 'GET', url: '/api/auth/session' });
      // Sign-in through the trusted proxy is recorded with the forwarded client address.
      const forwarded = await proxied.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress: '10.9.9.9',
        headers: {
          cookie: viaProxy.jar.header(),
          'x-csrf-token': viaProxy.csrfToken,
          'x-forwarded-for': '198.51.100.23',
        },
        payload: { userName: 'admin', password: 'wrong' },
      });
      expect(forwarded.statusCode).toBe(401);
      const direct = await openBrowser(proxied, '192.0.2.50');
      const spoofed = await proxied.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress: '192.0.2.50',
        headers: {
          cookie: direct.jar.header(),
          'x-csrf-token': direct.csrfToken,
          'x-forwarded-for': '198.51.100.24',
        },
        payload: { userName: 'admin', password: 'wrong' },
      });
      expect(spoofed.statusCode).toBe(401);
      const ips = (await database.prisma.auditLog.findMany({ orderBy: { id: 'asc' } })).map(
        (entry) => entry.ip,
      );
      expect(ips).toEqual(['198.51.100.23', '192.0.2.50']);

      // The default (no TRUST_PROXY) believes no forwarded address at all.
      expect((await send(app, '10.9.9.9', '198.51.100.23')).statusCode).toBe(200);
      await database.prisma.auditLog.deleteMany();
      const plain = await openBrowser(app, '10.9.9.9');
      await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress: '10.9.9.9',
        headers: {
          cookie: plain.jar.header(),
          'x-csrf-token': plain.csrfToken,
          'x-forwarded-for': '198.51.100.25',
        },
        payload: { userName: 'admin', password: 'wrong' },
      });
      expect((await database.prisma.auditLog.findFirstOrThrow()).ip).toBe('10.9.9.9');
    } finally {
      await proxied.close();
    }
  });
});
