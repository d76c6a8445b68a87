import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TTestServer } from './start-test-server';

describe('startTestServer', () => {
  let database: TTestDatabase;
  let server: TTestServer;
  let distDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    distDir = await mkdtemp(path.join(tmpdir(), 'wac-dist-'));
    await writeFile(
      path.join(distDir, 'index.html'),
      '<!doctype html><title>console</title><div id="root"></div>',
    );
    server = await startTestServer({
      databaseUrl: database.databaseUrl,
      adminPassword: 'browser-test-pw',
      webDistDir: distDir,
    });
  });

  afterAll(async () => {
    await server?.close();
    await database?.drop();
    await rm(distDir, { recursive: true, force: true });
  });

  it('listens on a random loopback port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('serves the console with SPA fallback over a real socket', async () => {
    for (const pathname of ['/', '/users', '/users/42', '/sign-in']) {
      const response = await fetch(`${server.url}${pathname}`);
      expect(response.status, pathname).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('lets the bootstrap admin sign in with the given password', async () => {
    const session = await fetch(`${server.url}/api/auth/session`);
    const presession = session.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-csrf-token': csrfToken,
        cookie: presession.join('; '),
      },
      body: JSON.stringify({ userName: 'admin', password: 'browser-test-pw' }),
    });
    expect(signIn.status).toBe(200);
    expect(((await signIn.json()) as { user: { isAdmin: boolean } }).user.isAdmin).toBe(true);
  });
});
