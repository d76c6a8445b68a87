import { createPrismaClient, type PrismaClient } from '@wac/db';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { TDirectoryUser } from '@wac/google';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeSyncRun, startRun } from '../src';
import { silentSyncLogger } from '../src/run/sync-run.context';
import { defaultSyncSettings, type TSyncSettings } from '../src/settings/sync-settings.types';
import { directoryUser, fakeDirectory } from './fake-directory';
import { readTableWrites, writerUrl } from './table-writes';

const USER_TABLES = ['users', 'archive_folders', 'folder_access'];

describe('executeSyncRun with a fake directory on a real Postgres', () => {
  let db: TTestDatabase;
  let state: { users: TDirectoryUser[]; groupMembers?: Record<string, string[]>; failAfterUsers?: number };

  beforeAll(async () => {
    db = await createTestDatabase();
    state = {
      users: Array.from({ length: 30 }, (_, i) =>
        directoryUser({
          id: `${1000 + i}`,
          primaryEmail: `user${i}@example.com`,
          aliases: [`u${i}@example.org`],
        }),
      ),
    };
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function sync(settings: Partial<TSyncSettings> = {}, isDryRun = false): Promise<string> {
    const prisma = createPrismaClient(writerUrl(db.databaseUrl));
    try {
      return await syncWith(prisma, settings, isDryRun);
    } finally {
      await prisma.$disconnect();
    }
  }

  async function syncWith(prisma: PrismaClient, settings: Partial<TSyncSettings>, isDryRun: boolean) {
    const started = await startRun(prisma, {
      isDryRun,
      trigger: 'MANUAL',
      requestedBy: { id: null, name: 'test' },
      settings: { ...defaultSyncSettings(), ...settings },
    });
    if (!started.isStarted) throw new Error('a run is already running');
    await executeSyncRun(
      {
        databaseUrl: db.databaseUrl,
        createDirectory: async () => fakeDirectory(state),
        log: silentSyncLogger,
        batchSize: 7,
      },
      started.runId,
    );
    return started.runId;
  }

  it('creates every user with an archive folder, read access and the default privileges', async () => {
    const runId = await sync();
    const run = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.createCount).toBe(30);
    expect(run.appliedChangeCount).toBe(30);
    const user = await db.prisma.user.findUniqueOrThrow({
      where: { userNameKey: 'user3@example.com' },
      include: { archiveFolder: true, folderAccess: true },
    });
    expect(user).toMatchObject({
      authMethod: 'DIRECTORY',
      googleUserId: '1003',
      emails: ['user3@example.com', 'u3@example.org'],
      privileges: ['login'],
    });
    expect(user.archiveFolder?.name).toBe('Archive of user3@example.com');
    expect(user.folderAccess).toEqual([
      { folderId: user.archiveFolder?.id, userId: user.id, canRead: true, canWrite: false, canDelete: false },
    ]);
    expect(await db.prisma.syncChange.count({ where: { runId, kind: 'CREATE', outcome: 'APPLIED' } })).toBe(
      30,
    );
  });

  it('writes no row to the user tables when nothing changed in Google', async () => {
    const before = await readTableWrites(db.databaseUrl, USER_TABLES);
    const runId = await sync();
    const after = await readTableWrites(db.databaseUrl, USER_TABLES);
    expect(before.users?.inserted).toBeGreaterThanOrEqual(30);
    expect(after).toEqual(before);
    const run = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', unchangedCount: 30, appliedChangeCount: 0 });
  });

  it('renames two users into each other’s names and updates only what changed', async () => {
    state.users[0] = { ...state.users[0]!, primaryEmail: 'user1@example.com' };
    state.users[1] = { ...state.users[1]!, primaryEmail: 'user0@example.com', fullName: 'Renamed' };
    const runId = await sync();
    const run = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', updateCount: 2 });
    const swapped = await db.prisma.user.findUniqueOrThrow({
      where: { googleUserId: '1001' },
      include: { archiveFolder: true },
    });
    expect(swapped).toMatchObject({
      userName: 'user0@example.com',
      userNameKey: 'user0@example.com',
      fullName: 'Renamed',
    });
    expect(swapped.archiveFolder?.name).toBe('Archive of user0@example.com');
  });

  it('commits nothing on a dry run but records the plan', async () => {
    state.users.push(directoryUser({ id: '2000', primaryEmail: 'new@example.com' }));
    const countBefore = await db.prisma.user.count();
    const runId = await sync({}, true);
    expect(await db.prisma.user.count()).toBe(countBefore);
    const changes = await db.prisma.syncChange.findMany({ where: { runId } });
    expect(changes.map((change) => [change.kind, change.outcome, change.userName])).toEqual([
      ['CREATE', 'PLANNED', 'new@example.com'],
    ]);
  });

  it('applies nothing when the listing breaks partway', async () => {
    state.failAfterUsers = 10;
    const countBefore = await db.prisma.user.count();
    const runId = await sync();
    state.failAfterUsers = undefined;
    const run = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: 'FAILED', errorCode: 'LISTING_INCOMPLETE', appliedChangeCount: 0 });
    expect(await db.prisma.user.count()).toBe(countBefore);
  });

  it('holds deletions above the threshold and keeps their archive folders when confirmed later', async () => {
    const removed = state.users.splice(20, 10);
    const runId = await sync({ autoDelete: true });
    const run = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: 'HELD_FOR_CONFIRMATION', heldDeletionCount: 10, createCount: 1 });
    expect(await db.prisma.user.count({ where: { googleUserId: removed[0]!.id } })).toBe(1);
    expect(await db.prisma.user.count({ where: { googleUserId: '2000' } })).toBe(1);
  });
});
