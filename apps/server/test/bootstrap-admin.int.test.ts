import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../src/modules/audit/audit.actions';
import { createAuditService } from '../src/modules/audit/audit.service';
import { ensureBootstrapAdmin, formatGeneratedPasswordNotice } from '../src/modules/users/admin-bootstrap';
import { bootstrapAdmin, buildTestApp, fastPasswordHasher, openBrowser, signIn } from './support/test-app';
import { createUser } from './support/users.fixture';

describe('bootstrap admin', () => {
  const databases: TTestDatabase[] = [];
  const freshDatabase = async () => {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  };

  afterEach(async () => {
    await Promise.all(databases.splice(0).map((database) => database.drop()));
  });

  const bootstrapWith = (database: TTestDatabase, adminPassword: string | undefined) =>
    ensureBootstrapAdmin({
      prisma: database.prisma,
      passwordHasher: fastPasswordHasher,
      audit: createAuditService({ prisma: database.prisma, clock: { now: () => new Date() } }),
      adminPassword,
    });

  it('creates the local admin with its archive folder from ADMIN_PASSWORD, exactly once', async () => {
    const database = await freshDatabase();
    const first = await bootstrapWith(database, 'chosen-by-operator');
    expect(first).toMatchObject({ outcome: 'created', generatedPassword: undefined });
    const second = await bootstrapWith(database, 'another-password');
    expect(second).toEqual({ outcome: 'admin-exists' });

    const users = await database.prisma.user.findMany({
      include: { archiveFolder: true, folderAccess: true },
    });
    expect(users).toHaveLength(1);
    const [admin] = users;
    expect(admin).toMatchObject({
      userName: 'admin',
      userNameKey: 'admin',
      authMethod: 'LOCAL',
      isSuspended: false,
    });
    expect(admin?.privileges).toContain('admin');
    expect(admin?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(admin?.archiveFolder).toMatchObject({ name: 'Archive of admin', ownerUserName: 'admin' });
    expect(admin?.folderAccess).toEqual([expect.objectContaining({ canRead: true })]);

    const app = await buildTestApp(database);
    try {
      await signIn(app, 'admin', 'chosen-by-operator');
      const browser = await openBrowser(app);
      const wrong = await browser.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'admin', password: 'another-password' },
      });
      expect(wrong.statusCode).toBe(401);
    } finally {
      await app.close();
    }

    const audit = await database.prisma.auditLog.findMany({ where: { action: AUDIT_ACTIONS.userCreated } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorName: 'system', actorUserId: null, target: `user:${admin?.id}` });
    expect(audit[0]?.details).toMatchObject({ userName: 'admin', passwordSource: 'ADMIN_PASSWORD' });
  });

  it('generates a strong password when ADMIN_PASSWORD is not set, and it works', async () => {
    const database = await freshDatabase();
    const result = await bootstrapWith(database, undefined);
    if (result.outcome !== 'created' || result.generatedPassword === undefined) {
      throw new Error(`expected a generated password, got ${JSON.stringify(result)}`);
    }
    expect(result.generatedPassword).toMatch(/^[A-Za-z2-9]{6}(-[A-Za-z2-9]{6}){3}$/);
    const notice = formatGeneratedPasswordNotice(result.generatedPassword);
    expect(notice).toContain(result.generatedPassword);
    expect(notice).toContain('shown only this once');

    const app = await buildTestApp(database);
    try {
      await signIn(app, 'admin', result.generatedPassword);
    } finally {
      await app.close();
    }
    const other = await bootstrapWith(await freshDatabase(), undefined);
    expect(other.outcome === 'created' && other.generatedPassword).not.toBe(result.generatedPassword);
  });

  it('creates a single admin when two instances bootstrap at the same moment', async () => {
    const database = await freshDatabase();
    const outcomes = await Promise.all([
      bootstrapWith(database, 'parallel-password'),
      bootstrapWith(database, 'parallel-password'),
      bootstrapWith(database, 'parallel-password'),
    ]);
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual([
      'admin-exists',
      'admin-exists',
      'created',
    ]);
    expect(await database.prisma.user.count()).toBe(1);
    expect(await database.prisma.archiveFolder.count()).toBe(1);
  });

  it('does nothing when any user already holds the admin privilege', async () => {
    const database = await freshDatabase();
    await createUser(database.prisma, { userName: 'root', privileges: ['admin'], authMethod: 'DIRECTORY' });
    expect(await bootstrapAdmin(database)).toEqual({ outcome: 'admin-exists' });
    expect(await database.prisma.user.count()).toBe(1);
  });

  it('refuses to take over a non-admin user who is already called admin', async () => {
    const database = await freshDatabase();
    await createUser(database.prisma, { userName: 'Admin', privileges: ['login'], authMethod: 'DIRECTORY' });
    expect(await bootstrapAdmin(database)).toEqual({ outcome: 'name-taken' });
    const users = await database.prisma.user.findMany();
    expect(users.map((user) => [user.userName, user.privileges])).toEqual([['Admin', ['login']]]);
  });
});
