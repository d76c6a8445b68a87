import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPrismaClient, defaultMigrationsDir } from '@wac/db';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_NOT_BUILT_MESSAGE } from '../src/plugins/web-console.plugin';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, openBrowser, signIn } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('API conventions', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  let workDir: string;
  let distDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await bootstrapAdmin(database);
    workDir = await mkdtemp(path.join(tmpdir(), 'wac-conventions-'));
    distDir = path.join(workDir, 'dist');
    await mkdir(path.join(distDir, 'assets'), { recursive: true });
    await writeFile(path.join(distDir, 'index.html'), '<!doctype html><div id="root">console</div>');
    await writeFile(path.join(distDir, 'assets', 'app-1a2b3c.js'), 'console.log("app")');
    app = await buildTestApp(database, { webDistDir: distDir });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await rm(workDir, { recursive: true, force: true });
  });

  describe('errors', () => {
    it('gives every response a fresh request id and repeats it in error bodies', async () => {
      const first = await app.inject({ method: 'GET', url: '/api/users' });
      const second = await app.inject({ method: 'GET', url: '/api/users' });
      const id = first.headers['x-request-id'];
      expect(id).toMatch(UUID);
      expect(second.headers['x-request-id']).not.toBe(id);
      expect(first.json()).toEqual({
        error: { code: 'UNAUTHENTICATED', message: expect.any(String), requestId: id },
      });
      const healthy = await app.inject({ method: 'GET', url: '/healthz' });
      expect(healthy.headers['x-request-id']).toMatch(UUID);
    });

    it('does not let the client choose the request id', async () => {
      const response = await app.inject({
        method: 'GET',
        url: '/api/nope',
        headers: { 'x-request-id': 'mine' },
      });
      expect(response.headers['x-request-id']).not.toBe('mine');
      expect(response.json().error.requestId).toBe(response.headers['x-request-id']);
    });

    it('answers unknown API routes with a JSON 404, whatever the method', async () => {
      const browser = await openBrowser(app);
      for (const method of ['GET', 'DELETE'] as const) {
        const response = await browser.request({ method, url: '/api/does-not-exist?x=1' });
        expect(response.statusCode, method).toBe(404);
        expect(response.json().error).toMatchObject({
          code: 'NOT_FOUND',
          message: `No route for ${method} /api/does-not-exist.`,
        });
      }
    });

    it('answers malformed JSON with 400 BAD_REQUEST', async () => {
      const browser = await openBrowser(app);
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: {
          cookie: browser.jar.header(),
          'x-csrf-token': browser.csrfToken,
          'content-type': 'application/json',
        },
        payload: '{"userName": ',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('BAD_REQUEST');
      expect(response.json().error.requestId).toBe(response.headers['x-request-id']);
    });

    it('answers 500 INTERNAL without internals when the database fails', async () => {
      // Port 9 (discard) on loopback refuses connections: every query fails with a pg error.
      const brokenPrisma = createPrismaClient('postgresql://wac:secret-pw@127.0.0.1:9/wac_missing');
      const brokenApp = await buildTestApp(database, { prisma: brokenPrisma, webDistDir: distDir });
      try {
        const browser = await openBrowser(brokenApp);
        const response = await browser.request({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { userName: 'admin', password: ADMIN_PASSWORD },
        });
        expect(response.statusCode).toBe(500);
        const { error } = response.json();
        expect(error).toEqual({
          code: 'INTERNAL',
          message: expect.any(String),
          requestId: response.headers['x-request-id'],
        });
        expect(response.body).not.toMatch(
          /ECONNREFUSED|127\.0\.0\.1|secret-pw|wac_missing|prisma|stack|at /i,
        );
      } finally {
        await brokenApp.close();
        await brokenPrisma.$disconnect();
      }
    });
  });

  describe('health', () => {
    it('/healthz says the process is up', async () => {
      const response = await app.inject({ method: 'GET', url: '/healthz' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok' });
    });

    it('/readyz is ready when the database answers and every migration is applied', async () => {
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    });

    it('/readyz answers 503 while a migration is pending', async () => {
      const migrationsDir = path.join(workDir, 'migrations');
      await cp(defaultMigrationsDir, migrationsDir, { recursive: true });
      await mkdir(path.join(migrationsDir, '29991231000000_future'));
      await writeFile(path.join(migrationsDir, '29991231000000_future', 'migration.sql'), 'SELECT 1;');
      const aheadApp = await buildTestApp(database, { migrationsDir, webDistDir: distDir });
      try {
        const response = await aheadApp.inject({ method: 'GET', url: '/readyz' });
        expect(response.statusCode).toBe(503);
        expect(response.json().error).toMatchObject({
          code: 'NOT_READY',
          details: { database: 'ok', migrations: 'pending', pendingMigrations: ['29991231000000_future'] },
        });
      } finally {
        await aheadApp.close();
      }
    });

    it('/readyz answers 503 when the database does not answer', async () => {
      const brokenPrisma = createPrismaClient('postgresql://wac:pw@127.0.0.1:9/none');
      const brokenApp = await buildTestApp(database, { prisma: brokenPrisma, webDistDir: distDir });
      try {
        const response = await brokenApp.inject({ method: 'GET', url: '/readyz' });
        expect(response.statusCode).toBe(503);
        expect(response.json().error).toMatchObject({
          code: 'NOT_READY',
          details: { database: 'unreachable' },
        });
      } finally {
        await brokenApp.close();
        await brokenPrisma.$disconnect();
      }
    });
  });

  describe('OpenAPI', () => {
    it('documents every API route with its schemas at /api/docs/json (for admins)', async () => {
      const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
      const response = await admin.request({ method: 'GET', url: '/api/docs/json' });
      expect(response.statusCode, response.body).toBe(200);
      const document = response.json();
      expect(document.openapi).toMatch(/^3\./);
      expect(Object.keys(document.paths).sort()).toEqual(
        expect.arrayContaining([
          '/api/auth/session',
          '/api/auth/sign-in',
          '/api/auth/sign-out',
          '/api/users',
          '/api/users/{id}',
          '/healthz',
          '/readyz',
        ]),
      );
      expect(Object.keys(document.paths).filter((route) => route.startsWith('/api/docs'))).toEqual([]);
      const signInRoute = document.paths['/api/auth/sign-in'].post;
      expect(signInRoute.requestBody.content['application/json'].schema.properties).toHaveProperty(
        'userName',
      );
      expect(Object.keys(signInRoute.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
      const listUsers = document.paths['/api/users'].get;
      expect(listUsers.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual([
        'page',
        'pageSize',
        'search',
      ]);
      expect(JSON.stringify(document)).not.toContain('passwordHash');
    });

    it('serves the interactive documentation at /api/docs (for admins)', async () => {
      const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
      const response = await admin.request({ method: 'GET', url: '/api/docs/' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
    });
  });

  describe('web console', () => {
    it('serves index.html at / and for client-side routes', async () => {
      for (const url of ['/', '/users', '/users/123', '/directory', '/sign-in?next=%2Fusers', '/me']) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(200);
        expect(response.body, url).toContain('<div id="root">console</div>');
        expect(response.headers['cache-control'], url).toBe('no-cache');
      }
    });

    it('serves fingerprinted assets with a long cache lifetime', async () => {
      const response = await app.inject({ method: 'GET', url: '/assets/app-1a2b3c.js' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('console.log("app")');
      expect(response.headers['cache-control']).toContain('immutable');
    });

    it.each(['/api/unknown', '/oidc/unknown', '/healthz/extra', '/readyz/extra'])(
      'never falls back to the console for server paths like %s',
      async (url) => {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(404);
        expect(response.json().error.code).toBe('NOT_FOUND');
      },
    );

    it('explains how to build the console when it is missing', async () => {
      const bareApp = await buildTestApp(database, { webDistDir: path.join(workDir, 'no-dist') });
      try {
        for (const url of ['/', '/users']) {
          const response = await bareApp.inject({ method: 'GET', url });
          expect(response.statusCode).toBe(200);
          expect(response.headers['content-type']).toContain('text/plain');
          expect(response.body).toBe(CONSOLE_NOT_BUILT_MESSAGE);
          expect(response.body).toContain('pnpm --filter @wac/web build');
        }
        expect((await bareApp.inject({ method: 'GET', url: '/api/nope' })).statusCode).toBe(404);
        expect((await bareApp.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      } finally {
        await bareApp.close();
      }
    });
  });

  describe('under HTTPS', () => {
    it('marks the cookies Secure', async () => {
      const certDir = path.join(workDir, 'tls');
      await mkdir(certDir);
      const { cert, key } = await selfSignedPem();
      await writeFile(path.join(certDir, 'cert.pem'), cert);
      await writeFile(path.join(certDir, 'key.pem'), key);
      const httpsApp = await buildTestApp(database, {
        webDistDir: distDir,
        env: { TLS_CERT_FILE: path.join(certDir, 'cert.pem'), TLS_KEY_FILE: path.join(certDir, 'key.pem') },
      });
      try {
        const browser = await signIn(httpsApp, 'admin', ADMIN_PASSWORD);
        const session = await browser.request({ method: 'GET', url: '/api/auth/session' });
        expect(session.json().user.userName).toBe('admin');
        const anonymous = await httpsApp.inject({ method: 'GET', url: '/api/auth/session' });
        expect(anonymous.cookies.find((cookie) => cookie.name === 'wac_presession')?.secure).toBe(true);
        const browserTwo = await openBrowser(httpsApp);
        const signedIn = await browserTwo.request({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { userName: 'admin', password: ADMIN_PASSWORD },
        });
        expect(signedIn.cookies.find((cookie) => cookie.name === 'wac_session')).toMatchObject({
          secure: true,
          httpOnly: true,
          sameSite: 'Lax',
        });
      } finally {
        await httpsApp.close();
      }
    });

    it('fails with a message naming the variable when a TLS file cannot be read', async () => {
      await expect(
        buildTestApp(database, {
          env: {
            TLS_CERT_FILE: path.join(workDir, 'missing-cert.pem'),
            TLS_KEY_FILE: path.join(workDir, 'k.pem'),
          },
        }),
      ).rejects.toThrow(/TLS_CERT_FILE: cannot read .*missing-cert\.pem \(ENOENT\)/);
    });
  });
});

async function selfSignedPem(): Promise<{ cert: string; key: string }> {
  const { execFileSync } = await import('node:child_process');
  const dir = await mkdtemp(path.join(tmpdir(), 'wac-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    const { readFile } = await import('node:fs/promises');
    return {
      cert: await readFile(path.join(dir, 'cert.pem'), 'utf8'),
      key: await readFile(path.join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
