import type { TRunStarted } from '@wac/api-contract';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { generateDomain, startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TBrowser } from '../support/test-app';
import {
  connectGoogle,
  runChanges,
  runSync,
  saveSettings,
  startSyncApp,
  userTableVersions,
  waitForRun,
} from './support/directory-sync.fixture';

// More than one page of users (500 a page), so a listing can break halfway.
const USERS = 1_200;

// Each test starts from the domain as the first sync stored it and leaves it so (a failed run
// applies nothing; what a test changes in the emulator it changes back), so the tests run in a
// random order every time: none may depend on another having run first.
describe.shuffle('directory sync safety: incomplete reads, one run at a time, live progress', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let app: FastifyInstance;
  let admin: TBrowser;

  beforeAll(async () => {
    const fixture = generateDomain({
      users: USERS,
      groups: 20,
      domains: ['example.com', 'example.net', 'example.org'],
      maxNestingDepth: 3,
      seed: 7,
    });
    [database, emulator] = await Promise.all([createTestDatabase(), startEmulator({ fixture })]);
    ({ app, admin } = await startSyncApp(database, emulator));
    await connectGoogle(app, admin, emulator, 'admin@example.com');
    const first = await runSync(admin, 'run');
    expect(first).toMatchObject({ status: 'SUCCEEDED' });
    expect(first.counts.creates).toBe(USERS);
  });

  beforeEach(() => {
    emulator.faults.reset();
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await database?.drop();
  });

  it('a listing that breaks partway applies nothing and says why', async () => {
    const adminGivenName = emulator.state.requireUser('admin@example.com').givenName;
    const before = await userTableVersions(database.prisma);
    try {
      emulator.state.addUser({ primaryEmail: 'zz-late@example.com', givenName: 'Late', familyName: 'Comer' });
      emulator.state.updateUser('admin@example.com', { givenName: 'Changed' });
      emulator.faults.breakListing({ listing: 'users', afterPage: 1 });
      const run = await runSync(admin, 'run');
      expect(run.status).toBe('FAILED');
      expect(run.error?.code).toBe('LISTING_INCOMPLETE');
      expect(run.error?.message).toMatch(/incomplete/i);
      expect(run.counts).toMatchObject({ applied: 0, creates: 0, updates: 0 });
      expect(run.progress.usersRead).toBe(500);
      expect((await runChanges(admin, run.id)).changes.total).toBe(0);
    } finally {
      emulator.faults.reset();
      if (emulator.state.findActiveUser('zz-late@example.com'))
        emulator.state.deleteUser('zz-late@example.com');
      emulator.state.updateUser('admin@example.com', { givenName: adminGivenName });
    }
    expect(await userTableVersions(database.prisma)).toEqual(before);
  });

  it('a selected group that cannot be expanded aborts the run with nothing applied', async () => {
    const before = await userTableVersions(database.prisma);
    await saveSettings(admin, { groups: [{ id: 'gone-group-id', email: 'gone@example.com', name: 'Gone' }] });
    try {
      const run = await runSync(admin, 'run');
      expect(run.status).toBe('FAILED');
      expect(run.error?.code).toBe('NOT_FOUND');
      expect(run.counts.applied).toBe(0);
    } finally {
      await saveSettings(admin, { groups: [] });
    }
    expect(await userTableVersions(database.prisma)).toEqual(before);
  });

  it('a second request while a run is running answers 409 with the running run, and events stream its progress', async () => {
    emulator.faults.apply({ latencyMs: 150 });
    try {
      const started = await admin.request({ method: 'POST', url: '/api/directory-sync/test' });
      expect(started.statusCode, started.body).toBe(202);
      const { runId } = started.json<TRunStarted>();

      const second = await admin.request({ method: 'POST', url: '/api/directory-sync/run' });
      expect(second.statusCode).toBe(409);
      expect(second.json().error).toMatchObject({ code: 'SYNC_ALREADY_RUNNING', details: { runId } });

      const events = await admin.request({ method: 'GET', url: `/api/directory-sync/runs/${runId}/events` });
      expect(events.statusCode).toBe(200);
      expect(events.headers['content-type']).toContain('text/event-stream');
      const frames = events.body
        .split('\n\n')
        .filter((frame) => frame.startsWith('event:'))
        .map((frame) => {
          const [eventLine, dataLine] = frame.split('\n');
          return {
            event: eventLine!.slice('event: '.length),
            data: JSON.parse(dataLine!.slice('data: '.length)),
          };
        });
      expect(frames.at(-1)).toEqual({ event: 'end', data: { status: 'SUCCEEDED' } });
      const progress = frames.filter((frame) => frame.event === 'progress').map((frame) => frame.data);
      expect(progress.length).toBeGreaterThan(2);
      const usersRead = progress.map((item) => item.progress.usersRead as number);
      expect(usersRead).toEqual([...usersRead].sort((a, b) => a - b));
      expect(usersRead.some((count) => count > 0 && count < USERS)).toBe(true);
      expect(progress.at(-1)).toMatchObject({ status: 'SUCCEEDED', progress: { usersRead: USERS } });
      expect((await waitForRun(admin, runId)).status).toBe('SUCCEEDED');
    } finally {
      emulator.faults.reset();
    }
  });

  it('an unknown run is 404, and a run id must be a UUID', async () => {
    const missing = await admin.request({
      method: 'GET',
      url: '/api/directory-sync/runs/00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    const bad = await admin.request({ method: 'GET', url: '/api/directory-sync/runs/not-a-uuid' });
    expect(bad.statusCode).toBe(400);
  });
});
