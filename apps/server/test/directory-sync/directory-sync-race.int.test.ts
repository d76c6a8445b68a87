import type { TRunStarted } from '@wac/api-contract';
import { createPrismaClient, type PrismaClient } from '@wac/db';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  emulatorEnv,
  SAMPLE_ADMIN,
  startSampleEmulator,
} from '../google-connection/support/google-connection.fixture';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, signIn, type TBrowser } from '../support/test-app';
import { connectGoogle, waitForRun } from './support/directory-sync.fixture';

// Two server instances (own Fastify app, own connection pool, own pg-boss worker) on one database.
describe('two instances racing for one sync', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let secondPrisma: PrismaClient;
  const apps: FastifyInstance[] = [];
  const admins: TBrowser[] = [];

  beforeAll(async () => {
    [database, emulator] = await Promise.all([createTestDatabase(), startSampleEmulator()]);
    await bootstrapAdmin(database);
    secondPrisma = createPrismaClient(database.databaseUrl);
    for (const prisma of [database.prisma, secondPrisma]) {
      const app = await buildTestApp(database, {
        prisma,
        env: emulatorEnv(emulator),
        directorySync: { pollingIntervalSeconds: 0.5, progressIntervalMs: 20 },
      });
      await app.services.directorySync.startWorker();
      apps.push(app);
      admins.push(await signIn(app, 'admin', ADMIN_PASSWORD));
    }
    await connectGoogle(apps[0]!, admins[0]!, emulator, SAMPLE_ADMIN);
    // Slow Google down so that both requests certainly land while the first run is still going.
    emulator.faults.apply({ latencyMs: 100 });
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await secondPrisma?.$disconnect();
    await emulator?.close();
    await database?.drop();
  });

  it('exactly one of two simultaneous "Synchronize now" requests starts a run; the other gets 409 with its id', async () => {
    const responses = await Promise.all(
      admins.map((admin) => admin.request({ method: 'POST', url: '/api/directory-sync/run' })),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([202, 409]);
    const started = responses.find((response) => response.statusCode === 202)!.json<TRunStarted>();
    const refused = responses.find((response) => response.statusCode === 409)!.json();
    expect(refused.error).toMatchObject({ code: 'SYNC_ALREADY_RUNNING', details: { runId: started.runId } });

    const run = await waitForRun(admins[0]!, started.runId);
    expect(run).toMatchObject({ status: 'SUCCEEDED' });
    expect(run.counts).toMatchObject({ creates: 12, applied: 12 });
    expect(await database.prisma.syncRun.count()).toBe(1);
    expect(await database.prisma.user.count({ where: { authMethod: 'DIRECTORY' } })).toBe(12);
  });

  it('the same run handed to both workers at once executes only once', async () => {
    emulator.state.addUser({ primaryEmail: 'late@example.com', givenName: 'Late', familyName: 'Comer' });
    const started = await admins[1]!.request({ method: 'POST', url: '/api/directory-sync/test' });
    expect(started.statusCode, started.body).toBe(202);
    const { runId } = started.json<TRunStarted>();
    // As if the queue had delivered the job to both instances besides the worker that got it.
    await Promise.all(apps.map((app) => app.services.directorySync.handleJob({ kind: 'run', runId })));
    const run = await waitForRun(admins[0]!, runId);
    expect(run).toMatchObject({ status: 'SUCCEEDED', isDryRun: true });
    expect(run.counts).toMatchObject({ creates: 1, unchanged: 12 });
    // Executed twice, the plan would have been recorded twice.
    expect(
      await database.prisma.syncChange.findMany({ where: { runId }, select: { kind: true, userName: true } }),
    ).toEqual([{ kind: 'CREATE', userName: 'late@example.com' }]);
  });
});
