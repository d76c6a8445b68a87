import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../start-test-server';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, openBrowser, signIn } from '../support/test-app';
import { createUser } from '../support/users.fixture';

/** One raw HTTP/1.1 request, so the request target is sent exactly as written. */
async function rawRequest(baseUrl: string, head: string, body = ''): Promise<string> {
  const { port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(`${head}\r\n\r\n${body}`));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

const statusOf = (answer: string) => Number(answer.split(' ')[1]);

describe('HTTP hardening', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  let workDir: string;
  let distDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await bootstrapAdmin(database);
    await createUser(database.prisma, {
      userName: 'clerk',
      password: 'clerk-password',
      privileges: ['login'],
    });
    workDir = await mkdtemp(path.join(tmpdir(), 'wac-hardening-'));
    distDir = path.join(workDir, 'dist');
    await mkdir(distDir, { recursive: true });
    await writeFile(path.join(distDir, 'index.html'), '<!doctype html><div id="root">console</div>');
    app = await buildTestApp(database, { webDistDir: distDir });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await rm(workDir, { recursive: true, force: true });
  });

  describe('the session/CSRF hook cannot be skipped by spelling the path differently', () => {
    it.each([
      '/%61pi/auth/sign-in',
      '/%2561pi/auth/sign-in',
      '/api/auth/%73ign-in',
      '//api/auth/sign-in',
      '/x/../api/auth/sign-in',
    ])('POST %s without a CSRF token signs no one in', async (url) => {
      const response = await app.inject({
        method: 'POST',
        url,
        payload: { userName: 'admin', password: ADMIN_PASSWORD },
      });
      expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
      expect(response.cookies.find((cookie) => cookie.name === 'wac_session')).toBeUndefined();
    });

    it('answers a non-canonical path with 400 and says why', async () => {
      const response = await app.inject({ method: 'GET', url: '/%61pi/users' });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/encode/),
      });
    });

    it('refuses absolute-form request targets on a real socket', async () => {
      const server = await startTestServer({
        databaseUrl: database.databaseUrl,
        adminPassword: ADMIN_PASSWORD,
        webDistDir: distDir,
      });
      try {
        const body = JSON.stringify({ userName: 'admin', password: ADMIN_PASSWORD });
        const answer = await rawRequest(
          server.url,
          [
            'POST http://attacker.invalid/api/auth/sign-in HTTP/1.1',
            'Host: 127.0.0.1',
            'Content-Type: application/json',
            `Content-Length: ${Buffer.byteLength(body)}`,
            'Connection: close',
          ].join('\r\n'),
          body,
        );
        expect(statusOf(answer), answer).toBe(400);
        expect(answer).not.toMatch(/set-cookie: wac_session=/i);
        const encoded = await rawRequest(
          server.url,
          [
            'POST /%61pi/auth/sign-in HTTP/1.1',
            'Host: 127.0.0.1',
            'Content-Type: application/json',
            `Content-Length: ${Buffer.byteLength(body)}`,
            'Connection: close',
          ].join('\r\n'),
          body,
        );
        expect(statusOf(encoded), encoded).toBe(400);
      } finally {
        await server.close();
      }
    });

    it('still routes ordinary paths with escapes in their query and in console routes', async () => {
      const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
      const users = await admin.request({ method: 'GET', url: '/api/users?search=a%40b' });
      expect(users.statusCode).toBe(200);
      const consoleRoute = await app.inject({ method: 'GET', url: '/users/alice%40example.com' });
      expect(consoleRoute.statusCode).toBe(200);
    });
  });

  describe('security headers', () => {
    it('sends a CSP that forbids framing, nosniff and a referrer policy on the console and the API', async () => {
      for (const url of ['/', '/directory', '/api/auth/session', '/api/users', '/healthz']) {
        const response = await app.inject({ method: 'GET', url });
        const csp = String(response.headers['content-security-policy']);
        expect(csp, url).toContain("frame-ancestors 'none'");
        expect(csp, url).toContain("default-src 'self'");
        expect(csp, url).toContain("script-src 'self'");
        expect(csp, url).not.toContain('unsafe-inline');
        expect(response.headers['x-frame-options'], url).toBe('DENY');
        expect(response.headers['x-content-type-options'], url).toBe('nosniff');
        expect(response.headers['referrer-policy'], url).toBe('same-origin');
        // Plain http: HSTS would be ignored, and upgrading requests would break the page.
        expect(response.headers['strict-transport-security'], url).toBeUndefined();
        expect(csp, url).not.toContain('upgrade-insecure-requests');
      }
    });

    it('keeps the stricter policy of the server-rendered sign-in pages', async () => {
      const response = await app.inject({ method: 'GET', url: '/oidc/signin' });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
    });

    it('sends HSTS when PUBLIC_URL is https (TLS ended at a proxy)', async () => {
      const proxied = await buildTestApp(database, {
        webDistDir: distDir,
        env: { PUBLIC_URL: 'https://archive.example.com' },
      });
      try {
        const response = await proxied.inject({ method: 'GET', url: '/' });
        expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000/);
        expect(String(response.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
      } finally {
        await proxied.close();
      }
    });

    it('the console source loads no inline script or style, so the CSP fits it', async () => {
      const source = await readFile(new URL('../../../web/index.html', import.meta.url), 'utf8');
      expect(source).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(source).not.toMatch(/<style|\sstyle=/);
    });
  });

  describe('cookies', () => {
    const sessionCookie = async (instance: FastifyInstance) => {
      const browser = await openBrowser(instance);
      const response = await browser.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'admin', password: ADMIN_PASSWORD },
      });
      return response.cookies.find((cookie) => cookie.name === 'wac_session');
    };

    it.each([
      [{ PUBLIC_URL: 'https://archive.example.com' }, true],
      [{ COOKIE_SECURE: 'true' }, true],
      [{ PUBLIC_URL: 'https://archive.example.com', COOKIE_SECURE: 'false' }, false],
      [{ PUBLIC_URL: 'http://127.0.0.1:8462' }, false],
    ])('with %o the session cookie is Secure: %s', async (env, isSecure) => {
      const instance = await buildTestApp(database, { webDistDir: distDir, env });
      try {
        const cookie = await sessionCookie(instance);
        expect(cookie).toBeDefined();
        expect(Boolean(cookie?.secure)).toBe(isSecure);
      } finally {
        await instance.close();
      }
    });
  });

  describe('local sign-in', () => {
    it('ends the session the browser had before', async () => {
      const browser = await signIn(app, 'clerk', 'clerk-password');
      const firstToken = browser.jar.get('wac_session');
      const again = await browser.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'admin', password: ADMIN_PASSWORD },
      });
      expect(again.statusCode).toBe(200);
      expect(browser.jar.get('wac_session')).not.toBe(firstToken);
      const replay = await app.inject({
        method: 'GET',
        url: '/api/auth/session',
        headers: { cookie: `wac_session=${firstToken}` },
      });
      expect(replay.json().user).toBeNull();
    });
  });

  describe('API documentation', () => {
    it.each(['/api/docs/json', '/api/docs/', '/api/docs/yaml'])(
      '%s is refused to anonymous visitors',
      async (url) => {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(401);
        expect(response.body).not.toContain('/api/auth/sign-in');
      },
    );

    it('is refused to a signed-in user who is not an admin', async () => {
      const clerk = await signIn(app, 'clerk', 'clerk-password');
      expect((await clerk.request({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(403);
    });

    it('is served to an admin, with a policy that fits Swagger UI', async () => {
      const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
      const json = await admin.request({ method: 'GET', url: '/api/docs/json' });
      expect(json.statusCode).toBe(200);
      expect(Object.keys(json.json().paths)).toContain('/api/auth/sign-in');
      const page = await admin.request({ method: 'GET', url: '/api/docs/' });
      expect(page.statusCode).toBe(200);
      expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    });
  });
});
