import { Writable } from 'node:stream';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/modules/audit/audit.actions';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, openBrowser, signIn } from '../support/test-app';

describe('hostile input and what reaches the log', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  const logLines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await bootstrapAdmin(database);
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    app = await buildTestApp(database, { logger: pino({ level: 'trace' }, sink) });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  beforeEach(() => {
    logLines.length = 0;
  });

  const errorLines = () => logLines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

  describe('NUL characters and unpaired surrogates', () => {
    it.each([
      ['a NUL in the user name', { userName: 'adm\u0000in', password: 'x' }, 'userName'],
      ['an unpaired surrogate in the user name', { userName: 'admin\ud800', password: 'x' }, 'userName'],
      [
        'an unpaired surrogate in the password',
        { userName: 'admin', password: 'pass\udc00word' },
        'password',
      ],
    ])(
      'a sign-in with %s is a 400 naming the field, before the throttle counts it',
      async (_label, payload, field) => {
        await database.prisma.signInThrottle.deleteMany();
        const browser = await openBrowser(app, '192.0.2.60');
        const response = await browser.request({ method: 'POST', url: '/api/auth/sign-in', payload });
        expect(response.statusCode, response.body).toBe(400);
        const { error } = response.json();
        expect(error.code).toBe('VALIDATION_FAILED');
        expect(error.details.fields[field]).toMatch(/NUL character or a broken Unicode sequence/);
        expect(await database.prisma.signInThrottle.count()).toBe(0);
        expect(
          await database.prisma.auditLog.count({ where: { action: AUDIT_ACTIONS.signInThrottled } }),
        ).toBe(0);
        expect(errorLines()).toEqual([]);
      },
    );

    it('a NUL in a query string is a 400, not a 500 with a stack in the log', async () => {
      const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
      const response = await admin.request({ method: 'GET', url: '/api/users?search=a%00b' });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(errorLines()).toEqual([]);
    });

    it('a NUL in a JSON body anywhere is a 400', async () => {
      const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
      const response = await admin.request({
        method: 'PUT',
        url: '/api/oidc/settings',
        payload: { clientId: 'id\u0000', clientSecret: 'secret', publicUrl: 'https://archive.example.com' },
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(errorLines()).toEqual([]);
    });
  });

  describe('OAuth codes and state in the request log', () => {
    it('logs /oidc/signin callbacks with the parameter names only', async () => {
      const response = await app.inject({
        method: 'GET',
        url: '/oidc/signin?code=4%2F0AcodeSECRET123&state=stateSECRET456&scope=openid',
      });
      expect(response.statusCode).toBeLessThan(500);
      const joined = logLines.join('\n');
      expect(joined).toContain('/oidc/signin?code=[redacted]&state=[redacted]&scope=[redacted]');
      expect(joined).not.toContain('SECRET123');
      expect(joined).not.toContain('stateSECRET456');
    });

    it('keeps other query strings in the log, where they help', async () => {
      await app.inject({ method: 'GET', url: '/api/users?search=findme' });
      expect(logLines.join('\n')).toContain('/api/users?search=findme');
    });
  });
});
