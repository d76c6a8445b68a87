import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, signIn, type TBrowser } from '../support/test-app';
import { createUser } from '../support/users.fixture';
import {
  createMailboxUser,
  DEFAULT_PROFILE_INPUT,
  saveProfile,
  startArchivingApp,
} from './support/archiving.fixture';
import { createFakeMailboxArchiver } from './support/fake-mailbox-archiver';

describe('archiving API: profile, validation, access rules', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  let admin: TBrowser;

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ app, admin } = await startArchivingApp(database, createFakeMailboxArchiver(), {
      env: { LOG_LEVEL: 'error' },
    }));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('starts from the documented defaults: all synced users with the archive privilege, no Spam or Trash, no schedule', async () => {
    const response = await admin.request({ method: 'GET', url: '/api/archiving/profile' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      mailboxes: { scope: 'ALL_SYNCED_USERS', groups: [], users: [], requireArchivePrivilege: true },
      folders: { includeSpam: false, includeTrash: false, include: [], exclude: [] },
      schedule: { mode: 'OFF', time: '02:00' },
      limits: { maxMailboxes: 4, connectionsPerAccount: 1, dailyBudgetMb: 2000, gmailDailyDownloadMb: 2500 },
      updatedAt: null,
      updatedBy: null,
      nextScheduledRunAt: null,
    });
  });

  it('saves chosen users, folders and a daily schedule, and audits who changed what', async () => {
    const alice = await createMailboxUser(database, 'alice');
    const saved = await saveProfile(admin, {
      mailboxes: {
        scope: 'CHOSEN_USERS',
        groups: [],
        userIds: [alice.id, alice.id],
        requireArchivePrivilege: false,
      },
      folders: {
        includeSpam: true,
        includeTrash: false,
        include: ['INBOX', 'Projects'],
        exclude: ['Projects/Old'],
      },
      schedule: { mode: 'DAILY', time: '03:15' },
    });
    expect(saved).toMatchObject({
      mailboxes: { scope: 'CHOSEN_USERS', users: [{ id: alice.id, userName: 'alice@example.com' }] },
      folders: { includeSpam: true, include: ['INBOX', 'Projects'], exclude: ['Projects/Old'] },
      schedule: { mode: 'DAILY', time: '03:15' },
      updatedBy: 'admin',
    });
    expect(saved.nextScheduledRunAt).not.toBeNull();
    const entry = await database.prisma.auditLog.findFirst({
      where: { action: 'archiving.profile_updated' },
      orderBy: { id: 'desc' },
    });
    expect(entry).toMatchObject({ actorName: 'admin', target: 'archiving:profile' });
    expect(entry?.details).toMatchObject({ mailboxes: { userIds: [alice.id] }, schedule: { time: '03:15' } });
  });

  it.each([
    [
      'a group scope without groups',
      { mailboxes: { ...DEFAULT_PROFILE_INPUT.mailboxes, scope: 'GROUP_MEMBERS' } },
    ],
    [
      'chosen users without users',
      { mailboxes: { ...DEFAULT_PROFILE_INPUT.mailboxes, scope: 'CHOSEN_USERS' } },
    ],
    ['a time that is not HH:MM', { schedule: { mode: 'DAILY', time: '25:00' } }],
    ['an unknown schedule', { schedule: { mode: 'WEEKLY', time: '02:00' } }],
    ['a user id that is not a uuid', { mailboxes: { ...DEFAULT_PROFILE_INPUT.mailboxes, userIds: ['bob'] } }],
  ])('refuses %s with 400 and saves nothing', async (_name, patch) => {
    const before = await admin.request({ method: 'GET', url: '/api/archiving/profile' });
    const response = await admin.request({
      method: 'PUT',
      url: '/api/archiving/profile',
      payload: { ...DEFAULT_PROFILE_INPUT, ...patch },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
    const after = await admin.request({ method: 'GET', url: '/api/archiving/profile' });
    expect(after.json()).toEqual(before.json());
  });

  it('answers 409 ARCHIVE_NO_MAILBOXES when the profile selects nobody, and creates no run', async () => {
    await saveProfile(admin, DEFAULT_PROFILE_INPUT);
    await createUser(database.prisma, {
      userName: 'local-archiver',
      privileges: ['login', 'archive'],
      emails: ['local@example.com'],
    });
    await database.prisma.user.updateMany({
      where: { authMethod: 'DIRECTORY' },
      data: { privileges: ['login'] },
    });
    const response = await admin.request({ method: 'POST', url: '/api/archiving/run' });
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'ARCHIVE_NO_MAILBOXES' });
    expect(response.json().error.message).toContain('"archive" privilege');
    expect(await database.prisma.archiveRun.count()).toBe(0);
  });

  it('is admin-only: 401 without a session, 403 for a user without admin', async () => {
    const anonymous = await openBrowser(app);
    for (const url of ['/api/archiving/profile', '/api/archiving/runs']) {
      expect((await anonymous.request({ method: 'GET', url })).statusCode).toBe(401);
    }
    await createUser(database.prisma, {
      userName: 'helpdesk',
      password: 'helpdesk-password-1',
      privileges: ['login'],
    });
    const helpdesk = await signIn(app, 'helpdesk', 'helpdesk-password-1');
    const read = await helpdesk.request({ method: 'GET', url: '/api/archiving/profile' });
    expect(read.statusCode).toBe(403);
    const run = await helpdesk.request({ method: 'POST', url: '/api/archiving/run' });
    expect(run.statusCode).toBe(403);
  });

  it('refuses writes without the CSRF token', async () => {
    for (const [method, url] of [
      ['PUT', '/api/archiving/profile'],
      ['POST', '/api/archiving/run'],
      ['POST', '/api/archiving/estimate'],
    ] as const) {
      const response = await admin.request({ method, url, payload: DEFAULT_PROFILE_INPUT, csrfToken: null });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.code).toBe('CSRF_TOKEN_INVALID');
    }
  });

  it('answers 404 for an unknown run and 400 for a malformed id', async () => {
    const missing = await admin.request({
      method: 'GET',
      url: '/api/archiving/runs/00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    expect((await admin.request({ method: 'GET', url: '/api/archiving/runs/nope' })).statusCode).toBe(400);
  });

  it('documents the routes in OpenAPI', async () => {
    const response = await admin.request({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode, response.body).toBe(200);
    const paths = Object.keys(response.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/archiving/profile',
        '/api/archiving/estimate',
        '/api/archiving/run',
        '/api/archiving/runs',
        '/api/archiving/runs/{id}',
        '/api/archiving/runs/{id}/events',
      ]),
    );
  });
});
