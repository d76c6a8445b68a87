import type { TUserListResponse } from '@wac/api-contract';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, signIn, type TBrowser } from './support/test-app';
import { createUser } from './support/users.fixture';

describe('users API', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  let admin: TBrowser;
  let clerk: TBrowser;
  let ada: { id: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    await bootstrapAdmin(database);
    await createUser(database.prisma, {
      userName: 'clerk',
      fullName: 'Carl Clerk',
      password: 'clerk-password',
      emails: ['carl@example.com'],
    });
    ada = await createUser(database.prisma, {
      userName: 'ada',
      fullName: 'Ada Lovelace',
      emails: ['ada@analytical.example', 'countess@lovelace.example'],
      authMethod: 'DIRECTORY',
      privileges: ['login', 'archive'],
      googleUserId: '1000001',
      orgUnitPath: '/Engineering',
    });
    await createUser(database.prisma, {
      userName: 'grace',
      fullName: 'Grace Hopper',
      emails: ['grace@navy.example'],
    });
    await createUser(database.prisma, {
      userName: 'alan',
      fullName: 'Alan Turing',
      emails: ['alan@bletchley.example'],
    });
    for (let index = 1; index <= 30; index++) {
      const suffix = String(index).padStart(2, '0');
      await createUser(database.prisma, { userName: `bulk${suffix}`, fullName: `Bulk User ${suffix}` });
    }
    await createUser(database.prisma, { userName: 'under_score', fullName: 'Percent 100% Literal' });
    app = await buildTestApp(database);
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    clerk = await signIn(app, 'clerk', 'clerk-password');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const list = async (query: string) => {
    const response = await admin.request({ method: 'GET', url: `/api/users${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<TUserListResponse>();
  };

  describe('authorization', () => {
    it.each(['/api/users', `/api/users/00000000-0000-4000-8000-000000000000`])(
      'answers 401 UNAUTHENTICATED to an anonymous request for %s',
      async (url) => {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe('UNAUTHENTICATED');
      },
    );

    it('answers 401 before validating anything for an anonymous request', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/users?page=abc' });
      expect(response.statusCode).toBe(401);
    });

    it('answers 403 FORBIDDEN to a signed-in user without the admin privilege', async () => {
      for (const url of ['/api/users', `/api/users/${ada.id}`]) {
        const response = await clerk.request({ method: 'GET', url });
        expect(response.statusCode, url).toBe(403);
        expect(response.json().error.code).toBe('FORBIDDEN');
      }
    });

    it('withdraws access at once when the admin privilege is revoked', async () => {
      await createUser(database.prisma, {
        userName: 'temp-admin',
        password: 'temp-admin-pw',
        privileges: ['admin'],
      });
      const tempAdmin = await signIn(app, 'temp-admin', 'temp-admin-pw');
      expect((await tempAdmin.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(200);
      await database.prisma.user.update({
        where: { userNameKey: 'temp-admin' },
        data: { privileges: ['login'] },
      });
      expect((await tempAdmin.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(403);
      await database.prisma.user.delete({ where: { userNameKey: 'temp-admin' } });
    });
  });

  describe('GET /api/users', () => {
    it('lists users ordered by user name with the documented fields only', async () => {
      const page = await list('');
      expect(page.total).toBe(36);
      expect(page.page).toBe(1);
      expect(page.pageSize).toBe(25);
      expect(page.items).toHaveLength(25);
      expect(page.items.slice(0, 4).map((user) => user.userName)).toEqual(['ada', 'admin', 'alan', 'bulk01']);
      const first = page.items[0] as Record<string, unknown>;
      expect(Object.keys(first).sort()).toEqual([
        'authMethod',
        'emails',
        'fullName',
        'id',
        'isArchived',
        'isSuspended',
        'privileges',
        'userName',
      ]);
      expect(first).toMatchObject({ authMethod: 'DIRECTORY', privileges: ['login', 'archive'] });
      expect(JSON.stringify(page)).not.toMatch(/passwordHash|argon2/);
    });

    it('pages through the result', async () => {
      const second = await list('?page=2&pageSize=10');
      expect(second).toMatchObject({ total: 36, page: 2, pageSize: 10 });
      expect(second.items.map((user) => user.userName)).toEqual([
        'bulk08',
        'bulk09',
        'bulk10',
        'bulk11',
        'bulk12',
        'bulk13',
        'bulk14',
        'bulk15',
        'bulk16',
        'bulk17',
      ]);
      const last = await list('?page=4&pageSize=10');
      expect(last.items.map((user) => user.userName)).toEqual([
        'bulk28',
        'bulk29',
        'bulk30',
        'clerk',
        'grace',
        'under_score',
      ]);
      const beyond = await list('?page=9&pageSize=10');
      expect(beyond).toMatchObject({ items: [], total: 36 });
    });

    it.each([
      ['user name, any case', 'GRACE', ['grace']],
      ['full name fragment', 'lovel', ['ada']],
      ['primary address', 'navy.example', ['grace']],
      ['alias', 'COUNTESS@', ['ada']],
      ['shared fragment', 'a', undefined],
      ['no match', 'zzz-nobody', []],
    ])('searches by %s', async (_label, search, expected) => {
      const page = await list(`?search=${encodeURIComponent(search)}&pageSize=200`);
      if (expected === undefined) {
        expect(page.items.map((user) => user.userName)).toEqual(
          expect.arrayContaining(['ada', 'admin', 'alan', 'grace']),
        );
        expect(page.total).toBe(page.items.length);
      } else {
        expect(page.items.map((user) => user.userName)).toEqual(expected);
        expect(page.total).toBe(expected.length);
      }
    });

    it('treats LIKE wildcards in the search literally', async () => {
      expect((await list('?search=%25')).items.map((user) => user.userName)).toEqual(['under_score']);
      expect((await list('?search=_')).items.map((user) => user.userName)).toEqual(['under_score']);
    });

    it('combines search with paging', async () => {
      const page = await list('?search=bulk&page=3&pageSize=12');
      expect(page.total).toBe(30);
      expect(page.items.map((user) => user.userName)).toEqual([
        'bulk25',
        'bulk26',
        'bulk27',
        'bulk28',
        'bulk29',
        'bulk30',
      ]);
    });

    it.each(['?page=0', '?pageSize=500', '?page=abc', `?search=${'x'.repeat(201)}`])(
      'rejects %s with 400 VALIDATION_FAILED',
      async (query) => {
        const response = await admin.request({ method: 'GET', url: `/api/users${query}` });
        expect(response.statusCode).toBe(400);
        expect(response.json().error.code).toBe('VALIDATION_FAILED');
        expect(response.json().error.details.issues[0].location).toBe('querystring');
      },
    );
  });

  describe('GET /api/users/:id', () => {
    it('returns addresses, privileges, directory fields and the archive folder', async () => {
      const response = await admin.request({ method: 'GET', url: `/api/users/${ada.id}` });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({
        id: ada.id,
        userName: 'ada',
        fullName: 'Ada Lovelace',
        emails: ['ada@analytical.example', 'countess@lovelace.example'],
        authMethod: 'DIRECTORY',
        isSuspended: false,
        isArchived: false,
        privileges: ['login', 'archive'],
        googleUserId: '1000001',
        orgUnitPath: '/Engineering',
        archiveFolder: { name: 'Archive of ada' },
      });
      expect(body.archiveFolder.id).toMatch(/^[0-9a-f-]{36}$/);
      // Issue 10: Google's archived flag, as the sync stored it.
      await database.prisma.user.update({ where: { id: ada.id }, data: { isArchived: true } });
      try {
        const archived = await admin.request({ method: 'GET', url: `/api/users/${ada.id}` });
        expect(archived.json()).toMatchObject({ isArchived: true, isSuspended: false });
      } finally {
        await database.prisma.user.update({ where: { id: ada.id }, data: { isArchived: false } });
      }
      expect(new Date(body.createdAt).getTime()).not.toBeNaN();
      expect(new Date(body.updatedAt).getTime()).not.toBeNaN();
    });

    it('never returns the password hash', async () => {
      const adminUser = await database.prisma.user.findUniqueOrThrow({ where: { userNameKey: 'admin' } });
      expect(adminUser.passwordHash).toMatch(/^\$argon2id\$/);
      const response = await admin.request({ method: 'GET', url: `/api/users/${adminUser.id}` });
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain('argon2');
      expect(response.json()).not.toHaveProperty('passwordHash');
    });

    it.each(['00000000-0000-4000-8000-000000000000', 'not-a-uuid'])(
      'answers 404 NOT_FOUND for %s',
      async (id) => {
        const response = await admin.request({ method: 'GET', url: `/api/users/${id}` });
        expect(response.statusCode).toBe(404);
        expect(response.json().error.code).toBe('NOT_FOUND');
      },
    );
  });
});
