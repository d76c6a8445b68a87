import { setTimeout as sleep } from 'node:timers/promises';
import type { TRunStarted } from '@wac/api-contract';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { generateDomain, startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBrowser } from '../support/test-app';
import {
  connectGoogle,
  runChanges,
  runSync,
  startSyncApp,
  type TRunSummaryBody,
  userTableVersions,
  waitForRun,
} from './support/directory-sync.fixture';

// Far below what loading the sync code takes: every run of this app runs out of memory.
const TINY_HEAP_MB = '16';

// Each sync runs in a worker thread of its own, under SYNC_WORKER_MAX_HEAP_MB of old space.
describe('directory sync: a worker that runs out of memory', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let app: FastifyInstance;
  let admin: TBrowser;

  beforeAll(async () => {
    const fixture = generateDomain({ users: 50, groups: 2, domains: ['example.com'], seed: 11 });
    [database, emulator] = await Promise.all([createTestDatabase(), startEmulator({ fixture })]);
    ({ app, admin } = await startSyncApp(database, emulator, {
      env: { SYNC_WORKER_MAX_HEAP_MB: TINY_HEAP_MB },
    }));
    await connectGoogle(app, admin, emulator, 'admin@example.com');
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await database?.drop();
  });

  it('fails the run with a message naming SYNC_WORKER_MAX_HEAP_MB, changes nothing, and the API carries on', async () => {
    const before = await userTableVersions(database.prisma);
    const run = await runSync(admin, 'run');
    expect(run.status).toBe('FAILED');
    expect(run.error?.code).toBe('SYNC_OUT_OF_MEMORY');
    expect(run.error?.message).toContain(
      `The sync ran out of memory; raise SYNC_WORKER_MAX_HEAP_MB (now ${TINY_HEAP_MB} MB)`,
    );
    expect(run.counts.applied).toBe(0);
    expect(run.progress.phase).toBe('finished');
    expect((await runChanges(admin, run.id)).changes.total).toBe(0);
    expect(await userTableVersions(database.prisma)).toEqual(before);

    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    // The run is over and its lock released: the next one starts (and fails the same way).
    const again = await runSync(admin, 'test');
    expect(again).toMatchObject({ status: 'FAILED', error: { code: 'SYNC_OUT_OF_MEMORY' } });
    expect(again.id).not.toBe(run.id);
  });
});

describe('directory sync: the server stopping while a worker runs', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;

  beforeAll(async () => {
    const fixture = generateDomain({ users: 1_200, groups: 2, domains: ['example.com'], seed: 12 });
    [database, emulator] = await Promise.all([createTestDatabase(), startEmulator({ fixture })]);
  });

  afterAll(async () => {
    await emulator?.close();
    await database?.drop();
  });

  it('records the run as interrupted, with the lock free for the next instance', async () => {
    const first = await startSyncApp(database, emulator);
    await connectGoogle(first.app, first.admin, emulator, 'admin@example.com');
    // Slow pages, so the run is certainly still reading (its worker holding the run lock) when the app stops.
    emulator.faults.apply({ latencyMs: 200 });
    const started = await first.admin.request({ method: 'POST', url: '/api/directory-sync/run' });
    expect(started.statusCode, started.body).toBe(202);
    const { runId } = started.json<TRunStarted>();
    for (let attempt = 0; ; attempt++) {
      const response = await first.admin.request({ method: 'GET', url: `/api/directory-sync/runs/${runId}` });
      const run = response.json<TRunSummaryBody>();
      if (run.progress.phase === 'reading-users' && Number(run.progress.pagesRead) > 0) break;
      if (attempt > 200) throw new Error(`the run never started reading: ${response.body}`);
      await sleep(50);
    }
    await first.app.close();
    emulator.faults.reset();

    const row = await database.prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
    expect(row).toMatchObject({
      status: 'FAILED',
      phase: 'finished',
      errorCode: 'INTERRUPTED',
      appliedChangeCount: 0,
    });
    expect(await database.prisma.user.count({ where: { authMethod: 'DIRECTORY' } })).toBe(0);

    const second = await startSyncApp(database, emulator, { bootstrap: false });
    try {
      const next = await second.admin.request({ method: 'POST', url: '/api/directory-sync/run' });
      expect(next.statusCode, next.body).toBe(202);
      const run = await waitForRun(second.admin, next.json<TRunStarted>().runId);
      expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { creates: 1_200 } });
    } finally {
      await second.app.close();
    }
  });
});
