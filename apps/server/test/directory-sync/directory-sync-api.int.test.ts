import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ADMIN, startSampleEmulator } from '../google-connection/support/google-connection.fixture';
import { openBrowser, signIn, type TBrowser } from '../support/test-app';
import { createUser } from '../support/users.fixture';
import {
  connectGoogle,
  getSettings,
  saveSettings,
  startSyncApp,
  waitForRun,
} from './support/directory-sync.fixture';

describe('directory sync API: settings, groups, access rules, schedule', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let app: FastifyInstance;
  let admin: TBrowser;

  beforeAll(async () => {
    [database, emulator] = await Promise.all([createTestDatabase(), startSampleEmulator()]);
    ({ app, admin } = await startSyncApp(database, emulator));
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await database?.drop();
  });

  it('starts from the documented defaults', async () => {
    expect(await getSettings(admin)).toMatchObject({
      groups: [],
      autoDelete: false,
      defaultPrivileges: ['login'],
      defaultArchiveAccess: ['read'],
      deletionThreshold: { percent: 10, count: 50 },
      schedule: { mode: 'OFF' },
      updatedAt: null,
      nextScheduledRunAt: null,
    });
  });

  it('answers 409 GOOGLE_NOT_CONFIGURED for groups before the Google connection is set up', async () => {
    const response = await admin.request({ method: 'GET', url: '/api/directory-sync/groups' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('GOOGLE_NOT_CONFIGURED');
  });

  it('lists and searches the domain groups from Google', async () => {
    await connectGoogle(app, admin, emulator, SAMPLE_ADMIN);
    const all = await admin.request({ method: 'GET', url: '/api/directory-sync/groups' });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().items.map((group: { email: string }) => group.email)).toEqual([
      'engineering@example.com',
      'partners@example.net',
      'staff@example.com',
    ]);
    const found = await admin.request({ method: 'GET', url: '/api/directory-sync/groups?search=STAFF' });
    expect(found.json()).toMatchObject({
      total: 1,
      items: [{ email: 'staff@example.com', name: 'All staff' }],
    });
  });

  it('saves settings, de-duplicates privileges and records who saved them', async () => {
    const saved = await saveSettings(admin, {
      defaultPrivileges: ['login', 'archive', 'login'],
      autoDelete: true,
      schedule: { mode: 'HOURS', interval: 6 },
    });
    expect(saved).toMatchObject({
      defaultPrivileges: ['login', 'archive'],
      autoDelete: true,
      schedule: { mode: 'HOURS', interval: 6 },
      updatedBy: 'admin',
    });
    const audit = await database.prisma.auditLog.findFirst({
      where: { action: 'directory_sync.settings_updated' },
    });
    expect(audit?.actorName).toBe('admin');
  });

  it('refuses invalid settings, privileges it does not offer and too frequent schedules', async () => {
    const current = await getSettings(admin);
    const { updatedAt: _u, updatedBy: _b, nextScheduledRunAt: _n, ...body } = current;
    for (const payload of [
      { ...body, schedule: { mode: 'MINUTES', interval: 2 } },
      { ...body, defaultPrivileges: ['admin'] },
      { ...body, deletionThreshold: { percent: 150, count: 5 } },
    ]) {
      const response = await admin.request({ method: 'PUT', url: '/api/directory-sync/settings', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('is for admins only, and state changes need the CSRF token', async () => {
    const anonymous = await openBrowser(app);
    expect((await anonymous.request({ method: 'GET', url: '/api/directory-sync/settings' })).statusCode).toBe(
      401,
    );

    await createUser(database.prisma, {
      userName: 'clerk',
      password: 'clerk-password-1',
      privileges: ['login'],
    });
    const clerk = await signIn(app, 'clerk', 'clerk-password-1');
    expect((await clerk.request({ method: 'GET', url: '/api/directory-sync/runs' })).statusCode).toBe(403);
    expect((await clerk.request({ method: 'POST', url: '/api/directory-sync/run' })).statusCode).toBe(403);

    const withoutToken = await admin.request({
      method: 'POST',
      url: '/api/directory-sync/test',
      csrfToken: null,
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().error.code).toBe('CSRF_TOKEN_INVALID');
    expect(await database.prisma.syncRun.count()).toBe(0);
  });

  it('the schedule only enqueues: a due tick starts a scheduled run, a tick that is not due does nothing', async () => {
    await saveSettings(admin, { autoDelete: false, schedule: { mode: 'MINUTES', interval: 30 } });
    await app.services.directorySync.tick();
    const scheduled = await database.prisma.syncRun.findFirstOrThrow({ where: { trigger: 'SCHEDULED' } });
    expect(scheduled).toMatchObject({ isDryRun: false, requestedByName: 'schedule' });
    expect((await waitForRun(admin, scheduled.id)).status).toBe('SUCCEEDED');

    await app.services.directorySync.tick();
    expect(await database.prisma.syncRun.count({ where: { trigger: 'SCHEDULED' } })).toBe(1);
    const settings = await getSettings(admin);
    expect(Date.parse(settings.nextScheduledRunAt!)).toBe(scheduled.createdAt.getTime() + 30 * 60_000);
  });

  it('is documented in the OpenAPI description', async () => {
    const response = await admin.request({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/directory-sync/settings',
        '/api/directory-sync/groups',
        '/api/directory-sync/test',
        '/api/directory-sync/run',
        '/api/directory-sync/runs',
        '/api/directory-sync/runs/{id}',
        '/api/directory-sync/runs/{id}/events',
        '/api/directory-sync/runs/{id}/confirm-deletions',
      ]),
    );
  });
});
