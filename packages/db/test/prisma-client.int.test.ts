import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthMethod, Prisma, SessionKind } from '../src/generated/prisma/client';
import { toUserNameKey } from '../src/user-name-key';
import { createTestDatabase, type TTestDatabase } from './testing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('createPrismaClient against a migrated database', () => {
  let db: TTestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  function createUser(userName: string, emails: string[] = []) {
    return db.prisma.user.create({
      data: {
        userName,
        userNameKey: toUserNameKey(userName),
        fullName: `${userName} Example`,
        emails,
        authMethod: AuthMethod.DIRECTORY,
        privileges: ['login'],
      },
    });
  }

  it('creates a user and reads it back with database defaults filled in', async () => {
    const created = await createUser('Alice', ['alice@example.com', 'ali@example.org']);
    expect(created.id).toMatch(UUID);

    const found = await db.prisma.user.findUnique({ where: { userNameKey: 'alice' } });
    expect(found).toMatchObject({
      id: created.id,
      userName: 'Alice',
      fullName: 'Alice Example',
      emails: ['alice@example.com', 'ali@example.org'],
      authMethod: 'DIRECTORY',
      isSuspended: false,
      privileges: ['login'],
      googleUserId: null,
      passwordHash: null,
    });
    expect(found?.createdAt).toBeInstanceOf(Date);
  });

  it('refuses a second user whose name differs only in case', async () => {
    await createUser('Bob');
    const duplicate = createUser('BOB');
    await expect(duplicate).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(duplicate).rejects.toMatchObject({ code: 'P2002' });
  });

  it('finds a user by any of their addresses', async () => {
    const carol = await createUser('carol', ['carol@example.com', 'c.alias@example.com']);
    const byAlias = await db.prisma.user.findMany({ where: { emails: { has: 'c.alias@example.com' } } });
    expect(byAlias.map((user) => user.id)).toEqual([carol.id]);
  });

  it('keeps the archive folder and drops access and sessions when its owner is deleted', async () => {
    const dave = await createUser('dave');
    const folder = await db.prisma.archiveFolder.create({
      data: { name: 'dave', ownerUserId: dave.id, ownerUserName: dave.userName },
    });
    await db.prisma.folderAccess.create({ data: { folderId: folder.id, userId: dave.id, canRead: true } });
    await db.prisma.session.create({
      data: {
        id: 'a'.repeat(64),
        userId: dave.id,
        csrfSecret: 'secret',
        kind: SessionKind.USER,
        expiresAt: new Date(Date.now() + 60_000),
      },
    });

    await db.prisma.user.delete({ where: { id: dave.id } });

    const kept = await db.prisma.archiveFolder.findUniqueOrThrow({ where: { id: folder.id } });
    expect(kept).toMatchObject({ ownerUserId: null, ownerUserName: 'dave' });
    expect(await db.prisma.folderAccess.count({ where: { folderId: folder.id } })).toBe(0);
    expect(await db.prisma.session.count({ where: { userId: dave.id } })).toBe(0);
  });

  it('numbers audit entries with a bigint and defaults details to an empty object', async () => {
    const first = await db.prisma.auditLog.create({ data: { actorName: 'admin', action: 'auth.sign-in' } });
    const second = await db.prisma.auditLog.create({ data: { actorName: 'admin', action: 'auth.sign-out' } });
    expect(typeof first.id).toBe('bigint');
    expect(second.id).toBeGreaterThan(first.id);
    expect(first.details).toEqual({});
  });
});
