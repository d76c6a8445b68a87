import type { TAssignedFolder, TOrphanedFolderList } from '@wac/api-contract';
import { toUserNameKey } from '@wac/db';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, signIn, type TBrowser } from '../support/test-app';
import { createUser } from '../support/users.fixture';

// Issue 10, "orphaned archive folders cannot be told apart or reassigned": the folders a sync
// leaves behind (owner removed, former owner's Google id and removal date kept) are listed and
// an admin gives one to a user.
describe('archive folders API', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  let admin: TBrowser;
  let clerk: TBrowser;
  let newHire: { id: string };
  let owner: { id: string };
  const folders: Record<'older' | 'newer' | 'local' | 'owned', string> = {
    older: '',
    newer: '',
    local: '',
    owned: '',
  };

  // What the sync leaves when it deletes a user: no owner, the former owner kept, a removal date.
  const orphan = async (input: { userName: string; googleUserId: string | null; removedAt: Date | null }) => {
    const folder = await database.prisma.archiveFolder.create({
      data: {
        name: `Archive of ${input.userName}`,
        ownerUserName: input.userName,
        ownerGoogleUserId: input.googleUserId,
        ownerRemovedAt: input.removedAt,
      },
    });
    return folder.id;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await bootstrapAdmin(database);
    await createUser(database.prisma, { userName: 'clerk', password: 'clerk-password' });
    owner = await createUser(database.prisma, {
      userName: 'carol@example.com',
      authMethod: 'DIRECTORY',
      googleUserId: '300',
    });
    // A directory user without a folder: what an admin assigns an orphaned folder to.
    newHire = await database.prisma.user.create({
      data: {
        userName: 'alice@example.com',
        userNameKey: toUserNameKey('alice@example.com'),
        fullName: 'Alice New',
        emails: ['alice@example.com'],
        authMethod: 'DIRECTORY',
        googleUserId: '901',
        privileges: ['login'],
      },
    });
    folders.older = await orphan({
      userName: 'alice@example.com',
      googleUserId: '100',
      removedAt: new Date('2026-01-10T09:00:00.000Z'),
    });
    folders.newer = await orphan({
      userName: 'alice@example.com',
      googleUserId: '900',
      removedAt: new Date('2026-11-02T17:30:00.000Z'),
    });
    folders.local = await orphan({ userName: 'old-local', googleUserId: null, removedAt: null });
    folders.owned = (
      await database.prisma.archiveFolder.findFirstOrThrow({ where: { ownerUserId: owner.id } })
    ).id;
    app = await buildTestApp(database);
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    clerk = await signIn(app, 'clerk', 'clerk-password');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const listOrphaned = async () => {
    const response = await admin.request({ method: 'GET', url: '/api/archive-folders/orphaned' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<TOrphanedFolderList>().items;
  };

  const assign = (browser: TBrowser, folderId: string, userId: string, csrfToken?: string | null) =>
    browser.request({
      method: 'POST',
      url: `/api/archive-folders/${folderId}/assign`,
      payload: { userId },
      csrfToken,
    });

  it('lists orphaned folders, newest removal first, with the former owner’s Google id, user name and removal date', async () => {
    const items = await listOrphaned();
    expect(items.map((item) => item.id)).toEqual([folders.newer, folders.older, folders.local]);
    expect(items[0]).toMatchObject({
      name: 'Archive of alice@example.com',
      formerOwnerUserName: 'alice@example.com',
      formerOwnerGoogleUserId: '900',
      ownerRemovedAt: '2026-11-02T17:30:00.000Z',
    });
    expect(items[1]).toMatchObject({
      formerOwnerGoogleUserId: '100',
      ownerRemovedAt: '2026-01-10T09:00:00.000Z',
    });
    expect(items[2]).toMatchObject({
      formerOwnerUserName: 'old-local',
      formerOwnerGoogleUserId: null,
      ownerRemovedAt: null,
    });
    // A folder with an owner is not orphaned.
    expect(items.map((item) => item.id)).not.toContain(folders.owned);
  });

  it('answers 401 to an anonymous request and 403 to a user who is not an admin', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/archive-folders/orphaned' });
    expect(anonymous.statusCode).toBe(401);
    const list = await clerk.request({ method: 'GET', url: '/api/archive-folders/orphaned' });
    expect(list.statusCode).toBe(403);
    const take = await assign(clerk, folders.newer, newHire.id);
    expect(take.statusCode).toBe(403);
    expect(
      await database.prisma.archiveFolder.findUniqueOrThrow({ where: { id: folders.newer } }),
    ).toMatchObject({
      ownerUserId: null,
    });
  });

  it('refuses an assignment without the CSRF token', async () => {
    const missing = await assign(admin, folders.newer, newHire.id, null);
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const foreign = await assign(admin, folders.newer, newHire.id, clerk.csrfToken);
    expect(foreign.statusCode).toBe(403);
    expect(
      await database.prisma.archiveFolder.findUniqueOrThrow({ where: { id: folders.newer } }),
    ).toMatchObject({
      ownerUserId: null,
    });
  });

  it('refuses a folder that already has an owner, and unknown folders or users, changing nothing', async () => {
    const owned = await assign(admin, folders.owned, newHire.id);
    expect(owned.statusCode).toBe(409);
    expect(owned.json().error.message).toMatch(/already has an owner/);
    const unknownFolder = await assign(admin, '00000000-0000-4000-8000-000000000000', newHire.id);
    expect(unknownFolder.statusCode).toBe(404);
    const unknownUser = await assign(admin, folders.newer, '00000000-0000-4000-8000-000000000000');
    expect(unknownUser.statusCode).toBe(404);
    const badId = await admin.request({
      method: 'POST',
      url: '/api/archive-folders/not-a-uuid/assign',
      payload: { userId: newHire.id },
    });
    expect(badId.statusCode).toBe(400);
    // The owner of the owned folder already has one: a second folder is refused.
    const second = await assign(admin, folders.older, owner.id);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toMatch(/already has an archive folder/);
    expect((await listOrphaned()).map((item) => item.id)).toEqual([
      folders.newer,
      folders.older,
      folders.local,
    ]);
    expect(await database.prisma.auditLog.count({ where: { action: 'archive_folder.assigned' } })).toBe(0);
  });

  it('assigns a folder to a user with read access, writes an audit row, and the folder leaves the list', async () => {
    const response = await assign(admin, folders.newer, newHire.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<TAssignedFolder>()).toEqual({
      id: folders.newer,
      ownerUserId: newHire.id,
      ownerUserName: 'alice@example.com',
    });
    const folder = await database.prisma.archiveFolder.findUniqueOrThrow({
      where: { id: folders.newer },
      include: { access: true },
    });
    expect(folder).toMatchObject({ ownerUserId: newHire.id, ownerGoogleUserId: '901', ownerRemovedAt: null });
    expect(folder.access).toEqual([expect.objectContaining({ userId: newHire.id, canRead: true })]);

    const audit = await database.prisma.auditLog.findFirstOrThrow({
      where: { action: 'archive_folder.assigned' },
    });
    expect(audit).toMatchObject({ actorName: 'admin', target: `archive-folder:${folders.newer}` });
    expect(audit.details).toMatchObject({ userId: newHire.id, userName: 'alice@example.com' });

    expect((await listOrphaned()).map((item) => item.id)).toEqual([folders.older, folders.local]);
    // Assigned once: the same request again finds an owner.
    expect((await assign(admin, folders.newer, newHire.id)).statusCode).toBe(409);
    // The user now has a folder: the older orphan cannot be given to them as well.
    expect((await assign(admin, folders.older, newHire.id)).statusCode).toBe(409);
  });

  it('shows the assigned folder on the user’s detail', async () => {
    const response = await admin.request({ method: 'GET', url: `/api/users/${newHire.id}` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().archiveFolder).toEqual({
      id: folders.newer,
      name: 'Archive of alice@example.com',
    });
  });
});
