import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { TDirectoryUser } from '@wac/google';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmHeldDeletions, executeSyncRun, startConfirmation, startRun } from '../src';
import { silentSyncLogger, type TSyncRunnerDeps } from '../src/run/sync-run.context';
import { defaultSyncSettings, type TSyncSettings } from '../src/settings/sync-settings.types';
import { directoryUser, fakeDirectory } from './fake-directory';

// Issue 10, "directory sync under churn", on a real Postgres.
describe('directory sync under churn', () => {
  let db: TTestDatabase;
  const state: { users: TDirectoryUser[] } = { users: [] };
  // Any deletion is held: the threshold is 0 users.
  const settings: TSyncSettings = {
    ...defaultSyncSettings(),
    autoDelete: true,
    deletionThreshold: { percent: 100, count: 0 },
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    state.users = Array.from({ length: 8 }, (_, i) =>
      directoryUser({ id: `${100 + i}`, primaryEmail: `user${i}@example.com` }),
    );
    state.users.push(directoryUser({ id: '900', primaryEmail: 'alice@example.com', fullName: 'Alice Old' }));
    expect((await sync()).status).toBe('SUCCEEDED');
  });

  afterAll(async () => {
    await db?.drop();
  });

  const deps = (): TSyncRunnerDeps => ({
    databaseUrl: db.databaseUrl,
    createDirectory: async () => fakeDirectory(state),
    log: silentSyncLogger,
    batchSize: 3,
  });

  async function sync(overrides: Partial<TSyncSettings> = {}) {
    const started = await startRun(db.prisma, {
      isDryRun: false,
      trigger: 'MANUAL',
      requestedBy: { id: null, name: 'test' },
      settings: { ...settings, ...overrides },
    });
    if (!started.isStarted) throw new Error('a run is already running');
    await executeSyncRun(deps(), started.runId);
    return db.prisma.syncRun.findUniqueOrThrow({ where: { id: started.runId } });
  }

  const changes = (runId: string) =>
    db.prisma.syncChange.findMany({ where: { runId }, orderBy: { id: 'asc' } });

  it('holds a new hire who gets a held leaver’s address, applies everything else, and a following sync does not fail', async () => {
    // Alice leaves; her address goes to a new hire with a new Google id. Meanwhile user1 is renamed.
    state.users = state.users.filter((user) => user.id !== '900');
    state.users.push(directoryUser({ id: '901', primaryEmail: 'alice@example.com', fullName: 'Alice New' }));
    state.users[1] = { ...state.users[1]!, fullName: 'Renamed One' };
    state.users.push(directoryUser({ id: '902', primaryEmail: 'zed@example.com' }));

    const run = await sync();
    expect(run).toMatchObject({
      status: 'HELD_FOR_CONFIRMATION',
      heldDeletionCount: 1,
      appliedChangeCount: 2,
    });
    expect(run.errorCode).toBeNull();
    const rows = await changes(run.id);
    expect(rows.map((row) => [row.kind, row.outcome, row.userName])).toEqual(
      expect.arrayContaining([
        ['DELETE', 'HELD', 'alice@example.com'],
        ['CREATE', 'HELD', 'alice@example.com'],
        ['UPDATE', 'APPLIED', 'user1@example.com'],
        ['CREATE', 'APPLIED', 'zed@example.com'],
      ]),
    );
    const heldCreate = rows.find((row) => row.kind === 'CREATE' && row.outcome === 'HELD');
    expect(heldCreate?.reasonText).toMatch(/held: takes the user name of alice@example.com/);
    expect(await db.prisma.user.findUnique({ where: { googleUserId: '900' } })).not.toBeNull();
    expect(await db.prisma.user.findUnique({ where: { googleUserId: '902' } })).not.toBeNull();

    // The next sync finds the same situation: held again, not failed.
    const next = await sync();
    expect(next).toMatchObject({
      status: 'HELD_FOR_CONFIRMATION',
      heldDeletionCount: 1,
      appliedChangeCount: 0,
    });

    // Confirming the newest held run deletes the leaver and creates the new hire.
    const confirm = await startConfirmation(db.prisma, next.id, { id: null, name: 'admin' }, new Date());
    expect(confirm.outcome).toBe('started');
    const outcome = await confirmHeldDeletions(deps(), next.id, settings);
    expect(outcome).not.toBe('skipped');
    const confirmed = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: next.id } });
    expect(confirmed).toMatchObject({ status: 'SUCCEEDED', appliedChangeCount: 2 });
    const hire = await db.prisma.user.findUniqueOrThrow({
      where: { userNameKey: 'alice@example.com' },
      include: { archiveFolder: true },
    });
    expect(hire).toMatchObject({ googleUserId: '901', fullName: 'Alice New' });
    expect(hire.archiveFolder?.ownerGoogleUserId).toBe('901');
    expect((await changes(next.id)).map((row) => [row.kind, row.outcome, row.userName])).toEqual([
      ['DELETE', 'APPLIED', 'alice@example.com'],
      ['CREATE', 'APPLIED', 'alice@example.com'],
    ]);
    // The leaver's folder stays, and says whose it was and since when it has no owner.
    const orphan = await db.prisma.archiveFolder.findFirstOrThrow({ where: { ownerGoogleUserId: '900' } });
    expect(orphan).toMatchObject({ ownerUserId: null, ownerUserName: 'alice@example.com' });
    expect(orphan.ownerRemovedAt).toBeInstanceOf(Date);
    expect((await sync()).status).toBe('SUCCEEDED');
  });

  it('gives a returning user (same Google id) their own archive folder back and says "returned"', async () => {
    const leaving = state.users.find((user) => user.id === '103')!;
    state.users = state.users.filter((user) => user !== leaving);
    const folderBefore = await db.prisma.archiveFolder.findFirstOrThrow({
      where: { owner: { googleUserId: '103' } },
    });
    // Within the threshold (one deletion allowed), so it is applied at once.
    expect((await sync({ deletionThreshold: { percent: 100, count: 5 } })).status).toBe('SUCCEEDED');
    expect(await db.prisma.user.findUnique({ where: { googleUserId: '103' } })).toBeNull();

    state.users.push(leaving);
    const run = await sync();
    expect(run.status).toBe('SUCCEEDED');
    const [created] = (await changes(run.id)).filter((row) => row.kind === 'CREATE');
    expect(created).toMatchObject({ outcome: 'APPLIED', reason: 'RETURNED', userName: 'user3@example.com' });
    expect(created?.reasonText).toMatch(/^Returned .*archive folder "Archive of user3@example.com"/);
    const back = await db.prisma.user.findUniqueOrThrow({
      where: { googleUserId: '103' },
      include: { archiveFolder: true, folderAccess: true },
    });
    expect(back.archiveFolder).toMatchObject({ id: folderBefore.id, ownerRemovedAt: null });
    expect(back.folderAccess.map((access) => access.folderId)).toEqual([folderBefore.id]);
    expect(await db.prisma.archiveFolder.count({ where: { ownerGoogleUserId: '103' } })).toBe(1);
  });

  it('an unexpected database error fails the run naming the change; the rest of its batch is applied', async () => {
    await db.prisma.$executeRawUnsafe(
      `ALTER TABLE "users" ADD CONSTRAINT "test_refuse_bad" CHECK ("user_name" <> 'bad@example.com')`,
    );
    try {
      state.users.push(
        directoryUser({ id: '950', primaryEmail: 'good1@example.com' }),
        directoryUser({ id: '951', primaryEmail: 'bad@example.com' }),
        directoryUser({ id: '952', primaryEmail: 'good2@example.com' }),
      );
      const run = await sync();
      expect(run.status).toBe('FAILED');
      expect(run.errorCode).toBe('CHANGE_FAILED');
      expect(run.errorMessage).toMatch(/refused to create user bad@example.com .*test_refuse_bad/);
      expect(run.appliedChangeCount).toBe(2);
      expect(await db.prisma.user.count({ where: { googleUserId: { in: ['950', '952'] } } })).toBe(2);
      const refused = (await changes(run.id)).find((row) => row.userName === 'bad@example.com');
      expect(refused).toMatchObject({ kind: 'CREATE', outcome: 'SKIPPED' });
      expect(refused?.reasonText).toMatch(/not applied: the database refused it/);
    } finally {
      await db.prisma.$executeRawUnsafe(`ALTER TABLE "users" DROP CONSTRAINT "test_refuse_bad"`);
    }
    const after = await sync();
    expect(after).toMatchObject({ status: 'SUCCEEDED', appliedChangeCount: 1 });
  });
});
