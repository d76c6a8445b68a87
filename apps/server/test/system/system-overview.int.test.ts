import { ZSystemOverview } from '@wac/api-contract';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, signIn, type TBrowser } from '../support/test-app';
import { createUser } from '../support/users.fixture';

describe('GET /api/system', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  let admin: TBrowser;

  beforeAll(async () => {
    database = await createTestDatabase();
    await bootstrapAdmin(database);
    await createUser(database.prisma, { userName: 'clerk', password: 'clerk-password' });
    app = await buildTestApp(database, { systemStatsTtlMs: 0 });
    // Listening is what makes an app an instance: its heartbeat row is written on listen.
    await app.listen({ host: '127.0.0.1', port: 0 });
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('is for admins only', async () => {
    const clerk = await signIn(app, 'clerk', 'clerk-password');
    expect((await clerk.request({ method: 'GET', url: '/api/system' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/system' })).statusCode).toBe(401);
  });

  it('shows version, sizes, this instance and the latest failures', async () => {
    // A crashed instance from before: its heartbeat stopped long ago and it never said it stopped.
    await database.prisma.serverInstance.create({
      data: {
        id: '00000000-0000-4000-8000-000000000001',
        host: 'old-host',
        pid: 42,
        version: '0.0.9',
        startedAt: new Date(Date.now() - 3_600_000),
        lastSeenAt: new Date(Date.now() - 600_000),
      },
    });
    await database.prisma.syncRun.create({
      data: {
        isDryRun: false,
        trigger: 'SCHEDULED',
        status: 'FAILED',
        requestedByName: 'schedule',
        phase: 'failed',
        progress: {},
        settings: {},
        finishedAt: new Date(),
        errorCode: 'GOOGLE_AUTH',
        errorMessage: 'Domain-wide delegation is not granted for Client ID 123.',
      },
    });

    const response = await admin.request({ method: 'GET', url: '/api/system' });
    expect(response.statusCode, response.body).toBe(200);
    const overview = ZSystemOverview.parse(response.json());
    expect(overview.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(overview.nodeVersion).toBe(process.version);
    expect(overview.databaseBytes).toBeGreaterThan(1_000_000);
    expect(overview.usersByAuthMethod).toEqual({ LOCAL: 2 });
    expect(overview.archive).toMatchObject({ messages: 0, rawBytes: 0, storedBytes: 0 });

    const self = overview.instances.find((instance) => instance.isThisInstance);
    expect(self).toMatchObject({ pid: process.pid, isAlive: true, stoppedAt: null });
    const old = overview.instances.find((instance) => instance.host === 'old-host');
    expect(old).toMatchObject({ isAlive: false, isThisInstance: false, version: '0.0.9' });

    expect(overview.problems[0]).toMatchObject({
      source: 'SYNC',
      code: 'GOOGLE_AUTH',
      message: 'Domain-wide delegation is not granted for Client ID 123.',
    });
    // The serving app started its queues, so pg-boss's tables exist and are read.
    expect(Array.isArray(overview.queues)).toBe(true);
  });

  it('marks the instance stopped when the app closes', async () => {
    const self = await database.prisma.serverInstance.findFirstOrThrow({ where: { pid: process.pid } });
    await app.close();
    const after = await database.prisma.serverInstance.findUniqueOrThrow({ where: { id: self.id } });
    expect(after.stoppedAt).not.toBeNull();
  });
});
