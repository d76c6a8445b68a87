import { access, chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPrismaClient } from '@wac/db';
import { createEmptyTestDatabase, createTestDatabase, type TEmptyTestDatabase } from '@wac/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from './support/http-client';
import { spawnServer, type TServerProcess } from './support/server-process';

const running: TServerProcess[] = [];
const track = (server: TServerProcess) => {
  running.push(server);
  return server;
};

async function listenOn(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('the server process (src/main.ts)', () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'wac-process-'));
    // As root, the embedded Postgres runs as `postgres`, which must be able to enter this folder.
    await chmod(workDir, 0o755);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.stop()));
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  describe('refuses to start, with a clear message', () => {
    it('names every invalid environment variable and touches nothing', async () => {
      const dataDir = path.join(workDir, 'never-created');
      const server = track(spawnServer({ PORT: 'eighty', LOG_LEVEL: 'loud', DATA_DIR: dataDir }));
      const exit = await server.exited();
      expect(exit.code).not.toBe(0);
      expect(server.stderr()).toContain('Invalid configuration');
      expect(server.stderr()).toMatch(/PORT .*"eighty"/);
      expect(server.stderr()).toMatch(/LOG_LEVEL .*"loud"/);
      expect(await exists(dataDir)).toBe(false);
    });

    it('rejects half a TLS configuration and an unreadable certificate', async () => {
      const half = track(
        spawnServer({ TLS_CERT_FILE: '/etc/hostname', DATA_DIR: path.join(workDir, 'tls-half') }),
      );
      expect((await half.exited()).code).not.toBe(0);
      expect(half.stderr()).toContain('TLS_KEY_FILE');

      const missing = track(
        spawnServer({
          TLS_CERT_FILE: path.join(workDir, 'nope.pem'),
          TLS_KEY_FILE: path.join(workDir, 'nope.key'),
          DATA_DIR: path.join(workDir, 'tls-missing'),
        }),
      );
      expect((await missing.exited()).code).not.toBe(0);
      expect(missing.stderr()).toMatch(/TLS_CERT_FILE: cannot read .*nope\.pem \(ENOENT\)/);
      expect(await exists(path.join(workDir, 'tls-missing'))).toBe(false);
    });

    it('exits quickly when DATABASE_URL refuses connections, without printing the password', async () => {
      const closed = net.createServer();
      const port = await listenOn(closed);
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const server = track(
        spawnServer({ DATABASE_URL: `postgresql://wac:hunter2secret@127.0.0.1:${port}/wac` }),
      );
      // Budgets include loading the server from TypeScript source, which takes tens of seconds on a
      // loaded 2-core machine; a server that kept retrying would never exit at all.
      const exit = await server.exited(50_000);
      expect(exit.code).not.toBe(0);
      expect(exit.afterMs).toBeLessThan(40_000);
      expect(server.stderr()).toContain('Cannot connect to the database at postgresql://wac:***@127.0.0.1');
      expect(server.stdout() + server.stderr()).not.toContain('hunter2secret');
    });

    it('exits within seconds when DATABASE_URL accepts connections but never answers', async () => {
      const sockets = new Set<net.Socket>();
      const blackHole = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => {});
      });
      const port = await listenOn(blackHole);
      try {
        const server = track(spawnServer({ DATABASE_URL: `postgresql://wac:pw@127.0.0.1:${port}/wac` }));
        const exit = await server.exited(55_000);
        expect(exit.code).not.toBe(0);
        expect(exit.afterMs).toBeLessThan(45_000);
        expect(server.stderr()).toMatch(/did not answer within 5 s/);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => blackHole.close(() => resolve()));
      }
    });

    it('says so when the port is already in use', async () => {
      const database = await createTestDatabase();
      const occupier = net.createServer();
      const port = await listenOn(occupier);
      try {
        const server = track(
          spawnServer({
            DATABASE_URL: database.databaseUrl,
            HOST: '127.0.0.1',
            PORT: String(port),
            ADMIN_PASSWORD: 'port-test-pw',
          }),
        );
        const exit = await server.exited();
        expect(exit.code).not.toBe(0);
        expect(server.stderr()).toContain(`Port ${port} is already in use`);
      } finally {
        await new Promise<void>((resolve) => occupier.close(() => resolve()));
        await database.drop();
      }
    });
  });

  describe('on an external DATABASE_URL', () => {
    let database: TEmptyTestDatabase;

    beforeAll(async () => {
      database = await createEmptyTestDatabase();
    });

    afterAll(async () => {
      await database?.drop();
    });

    it('starts two instances at once on an empty database without a migration race, then stops on SIGTERM', async () => {
      const env = {
        DATABASE_URL: database.databaseUrl,
        HOST: '127.0.0.1',
        PORT: '0',
        ADMIN_PASSWORD: 'two-instances-pw',
      };
      const first = track(spawnServer(env));
      const second = track(spawnServer(env));
      const [firstUrl, secondUrl] = await Promise.all([first.ready(), second.ready()]);
      expect(firstUrl).not.toBe(secondUrl);

      for (const url of [firstUrl, secondUrl]) {
        const ready = await fetch(`${url}/readyz`);
        expect(ready.status).toBe(200);
        await createHttpClient(url).signIn('admin', 'two-instances-pw');
      }

      const prisma = createPrismaClient(database.databaseUrl);
      try {
        const migrations = await prisma.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
          SELECT migration_name, finished_at FROM "_prisma_migrations"`;
        const names = migrations.map((row) => row.migration_name);
        expect(new Set(names).size).toBe(names.length);
        expect(migrations.every((row) => row.finished_at !== null)).toBe(true);
        expect(await prisma.user.count({ where: { privileges: { has: 'admin' } } })).toBe(1);
      } finally {
        await prisma.$disconnect();
      }

      const [firstExit, secondExit] = await Promise.all([first.stop(), second.stop()]);
      expect(firstExit).toMatchObject({ code: 0, signal: null });
      expect(secondExit).toMatchObject({ code: 0, signal: null });
      expect(first.stdout()).toContain('"msg":"stopped"');
      await expect(fetch(`${firstUrl}/healthz`)).rejects.toThrow();
    });
  });

  describe('on the embedded Postgres', () => {
    it('keeps all data across a restart and prints the generated password only on the first start', async () => {
      const dataDir = path.join(workDir, 'embedded-data');
      const env = { DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0' };

      const first = track(spawnServer(env));
      const firstUrl = await first.ready(90_000);
      const password = /Password: {2}(\S+)/.exec(first.stdout())?.[1];
      expect(password).toBeDefined();
      const occurrences = (first.stdout() + first.stderr()).split(password ?? '').length - 1;
      expect(occurrences).toBe(1);

      const client = createHttpClient(firstUrl);
      const admin = await client.signIn('admin', password ?? '');
      const firstExit = await first.stop();
      expect(firstExit.code).toBe(0);
      expect(await exists(path.join(dataDir, 'postgres', 'pgdata', 'postmaster.pid'))).toBe(false);

      const second = track(spawnServer(env));
      const secondUrl = await second.ready(90_000);
      expect(second.stdout()).not.toContain('Password:');

      // The session created before the restart is still there, and so is the admin.
      const restored = await fetch(`${secondUrl}/api/auth/session`, {
        headers: { cookie: `wac_session=${client.cookies.get('wac_session')}` },
      });
      expect(((await restored.json()) as { user: { id: string } | null }).user?.id).toBe(admin.id);
      const again = await createHttpClient(secondUrl).signIn('admin', password ?? '');
      expect(again.id).toBe(admin.id);

      expect((await second.stop()).code).toBe(0);
    });
  });
});
