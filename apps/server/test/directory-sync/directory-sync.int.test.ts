import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ADMIN, startSampleEmulator } from '../google-connection/support/google-connection.fixture';
import type { TBrowser } from '../support/test-app';
import { createUser } from '../support/users.fixture';
import {
  connectGoogle,
  runChanges,
  runSync,
  saveSettings,
  startSyncApp,
  userTableVersions,
  waitForRun,
} from './support/directory-sync.fixture';

// One story on one database, in order: each case starts from what the previous sync left behind.
describe('directory sync against the emulator and a real Postgres', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let app: FastifyInstance;
  let admin: TBrowser;

  beforeAll(async () => {
    [database, emulator] = await Promise.all([createTestDatabase(), startSampleEmulator()]);
    ({ app, admin } = await startSyncApp(database, emulator));
    await connectGoogle(app, admin, emulator, SAMPLE_ADMIN);
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await database?.drop();
  });

  const directoryUser = (userName: string) =>
    database.prisma.user.findUnique({
      where: { userNameKey: userName },
      include: { archiveFolder: true, folderAccess: true },
    });
  const rowCounts = async () => ({
    users: await database.prisma.user.count(),
    folders: await database.prisma.archiveFolder.count(),
    access: await database.prisma.folderAccess.count(),
  });

  it('first sync: every Google user becomes a directory user with an archive, read access and the default privileges', async () => {
    const run = await runSync(admin, 'run');
    expect(run).toMatchObject({ status: 'SUCCEEDED', isDryRun: false, error: null });
    expect(run.counts).toMatchObject({ googleUsers: 12, creates: 12, updates: 0, deletes: 0, applied: 12 });
    expect(run.progress.usersRead).toBe(12);
    expect(run.progress.changesApplied).toBe(12);

    expect(await database.prisma.user.count({ where: { authMethod: 'DIRECTORY' } })).toBe(12);
    const erin = await directoryUser('erin@example.com');
    expect(erin).toMatchObject({
      fullName: 'Erin Evans',
      emails: ['erin@example.com', 'erin.evans@example.net'],
      privileges: ['login'],
      isSuspended: false,
    });
    expect(erin?.archiveFolder?.name).toBe('Archive of erin@example.com');
    expect(erin?.folderAccess).toEqual([
      expect.objectContaining({
        folderId: erin?.archiveFolder?.id,
        canRead: true,
        canWrite: false,
        canDelete: false,
      }),
    ]);
    expect((await directoryUser('dave@example.com'))?.isSuspended).toBe(true);
    expect((await directoryUser('grace@example.net'))?.authMethod).toBe('DIRECTORY');

    const detail = await runChanges(admin, run.id, '&kind=CREATE');
    expect(detail.changes.total).toBe(12);
    expect(detail.changes.items.every((change) => change.outcome === 'APPLIED')).toBe(true);
  });

  it('idempotent resync: nothing changed in Google, zero rows written to the user tables', async () => {
    const before = await userTableVersions(database.prisma);
    const run = await runSync(admin, 'run');
    expect(run.counts).toMatchObject({ unchanged: 12, creates: 0, updates: 0, deletes: 0, applied: 0 });
    expect(await userTableVersions(database.prisma)).toEqual(before);
    // 12 directory users and the local admin, each with a folder and its access row.
    expect(before).toHaveLength(3 * 13);
  });

  it('Test Settings (dry run) shows the plan and commits nothing', async () => {
    emulator.state.addUser({ primaryEmail: 'newbie@example.com', givenName: 'New', familyName: 'Person' });
    emulator.state.updateUser('bob@example.com', { givenName: 'Robert' });
    const before = await rowCounts();
    const bobBefore = await directoryUser('bob@example.com');

    const run = await runSync(admin, 'test');
    expect(run).toMatchObject({ status: 'SUCCEEDED', isDryRun: true });
    expect(run.counts).toMatchObject({ creates: 1, updates: 1, applied: 0 });
    expect(await rowCounts()).toEqual(before);
    expect((await directoryUser('bob@example.com'))?.fullName).toBe(bobBefore?.fullName);

    const plan = await runChanges(admin, run.id);
    expect(plan.changes.items.map((change) => [change.kind, change.outcome, change.userName]).sort()).toEqual(
      [
        ['CREATE', 'PLANNED', 'newbie@example.com'],
        ['UPDATE', 'PLANNED', 'bob@example.com'],
      ],
    );
    const bob = plan.changes.items.find((change) => change.userName === 'bob@example.com');
    expect(bob?.reason).toBe('NAME_CHANGED');
    expect(bob?.diff).toEqual([{ field: 'fullName', from: 'Bob Brown', to: 'Robert Brown' }]);
  });

  it('rename: a new primary address renames the same user and its archive; the full name follows', async () => {
    const frank = await directoryUser('frank@example.com');
    emulator.state.updateUser('frank@example.com', { primaryEmail: 'franklin@example.com' });
    const run = await runSync(admin, 'run');
    expect(run.counts).toMatchObject({ creates: 1, updates: 2 });
    const franklin = await directoryUser('franklin@example.com');
    expect(franklin?.id).toBe(frank?.id);
    expect(franklin?.emails).toEqual(['franklin@example.com']);
    expect(franklin?.archiveFolder?.name).toBe('Archive of franklin@example.com');
    expect(await directoryUser('frank@example.com')).toBeNull();
    expect((await directoryUser('bob@example.com'))?.fullName).toBe('Robert Brown');
  });

  it('alias added and removed: the addresses follow Google', async () => {
    emulator.state.updateUser('alice@example.com', { aliases: ['alice.a@example.net'] });
    let run = await runSync(admin, 'run');
    expect(run.counts).toMatchObject({ updates: 1 });
    expect((await directoryUser('alice@example.com'))?.emails).toEqual([
      'alice@example.com',
      'alice.a@example.net',
    ]);
    const change = (await runChanges(admin, run.id, '&kind=UPDATE')).changes.items[0];
    expect(change?.reason).toBe('EMAILS_CHANGED');
    expect(change?.reasonText).toContain('alias added: alice.a@example.net');

    emulator.state.updateUser('alice@example.com', { aliases: [] });
    run = await runSync(admin, 'run');
    expect(run.counts).toMatchObject({ updates: 1 });
    expect((await directoryUser('alice@example.com'))?.emails).toEqual(['alice@example.com']);
  });

  it('suspension in Google suspends the user here (kept, cannot log on)', async () => {
    emulator.state.suspendUser('judy@example.com');
    const run = await runSync(admin, 'run');
    const change = (await runChanges(admin, run.id, '&kind=UPDATE')).changes.items[0];
    expect(change).toMatchObject({ userName: 'judy@example.com', reason: 'SUSPENDED' });
    expect(await directoryUser('judy@example.com')).toMatchObject({
      isSuspended: true,
      privileges: ['login'],
    });
  });

  it('a local user holding the name is reported as a conflict and never taken over', async () => {
    const local = await createUser(database.prisma, {
      userName: 'olivia@example.com',
      password: 'local-pw-123',
    });
    emulator.state.addUser({ primaryEmail: 'olivia@example.com', givenName: 'Olivia', familyName: 'Google' });
    const run = await runSync(admin, 'run');
    expect(run.counts).toMatchObject({ conflicts: 1, creates: 0 });
    const conflict = (await runChanges(admin, run.id, '&kind=CONFLICT')).changes.items[0];
    expect(conflict).toMatchObject({
      userName: 'olivia@example.com',
      reason: 'LOCAL_USER_EXISTS',
      outcome: 'SKIPPED',
    });
    expect(await directoryUser('olivia@example.com')).toMatchObject({
      id: local.id,
      authMethod: 'LOCAL',
      googleUserId: null,
      fullName: 'olivia@example.com',
    });
  });

  it('a user deleted in Google: kept while auto-delete is off, deleted (archive kept) once it is on', async () => {
    const mallory = await directoryUser('mallory@example.com');
    emulator.state.deleteUser('mallory@example.com');
    let run = await runSync(admin, 'run');
    expect(run.counts).toMatchObject({ kept: 1, deletes: 0 });
    const kept = (await runChanges(admin, run.id, '&kind=KEEP')).changes.items[0];
    expect(kept).toMatchObject({ userName: 'mallory@example.com', reason: 'DELETED_IN_GOOGLE' });
    expect(await directoryUser('mallory@example.com')).not.toBeNull();

    await saveSettings(admin, { autoDelete: true });
    run = await runSync(admin, 'run');
    expect(run).toMatchObject({ status: 'SUCCEEDED' });
    expect(run.counts).toMatchObject({ deletes: 1, heldDeletions: 0 });
    expect(await directoryUser('mallory@example.com')).toBeNull();
    const folder = await database.prisma.archiveFolder.findUnique({
      where: { id: mallory!.archiveFolder!.id },
    });
    expect(folder).toMatchObject({ ownerUserId: null, ownerUserName: 'mallory@example.com' });
  });

  it('nested groups: with a group filter, members of groups inside the selected group are in scope', async () => {
    emulator.state.addUser({ primaryEmail: 'paul@example.com', givenName: 'Paul', familyName: 'Nested' });
    emulator.state.addMember('engineering@example.com', { email: 'paul@example.com' });
    const staff = emulator.state.getGroup('staff@example.com')!;
    await saveSettings(admin, {
      autoDelete: false,
      groups: [{ id: staff.id, email: staff.email, name: staff.name }],
    });
    const run = await runSync(admin, 'run');
    expect(run).toMatchObject({ status: 'SUCCEEDED' });
    expect(await directoryUser('paul@example.com')).toMatchObject({ authMethod: 'DIRECTORY' });
    const kept = (await runChanges(admin, run.id, '&kind=KEEP')).changes.items.map((item) => item.userName);
    // carol, dave, erin and grace are members of engineering@, itself a member of staff@.
    for (const nested of ['carol@example.com', 'dave@example.com', 'erin@example.com', 'grace@example.net']) {
      expect(kept).not.toContain(nested);
    }
    expect(kept).toEqual(
      expect.arrayContaining(['heidi@example.net', 'ivan@example.net', 'franklin@example.com']),
    );
    const reasons = (await runChanges(admin, run.id, '&kind=KEEP')).changes.items.map((item) => item.reason);
    expect(new Set(reasons)).toEqual(new Set(['NOT_IN_SYNCED_GROUPS']));
  });

  it('moved out of the filtered groups: kept without auto-delete; with it, held above the threshold until confirmed against a fresh read', async () => {
    emulator.state.removeMember('staff@example.com', 'bob@example.com');
    let run = await runSync(admin, 'run');
    expect(
      (await runChanges(admin, run.id, '&kind=KEEP')).changes.items.map((item) => item.userName),
    ).toContain('bob@example.com');
    expect(await directoryUser('bob@example.com')).not.toBeNull();

    await saveSettings(admin, { autoDelete: true, deletionThreshold: { percent: 10, count: 50 } });
    run = await runSync(admin, 'run');
    expect(run.status).toBe('HELD_FOR_CONFIRMATION');
    const held = (await runChanges(admin, run.id, '&kind=DELETE')).changes.items;
    expect(held.every((item) => item.outcome === 'HELD')).toBe(true);
    const heldNames = held.map((item) => item.userName);
    expect(heldNames).toEqual(expect.arrayContaining(['bob@example.com', 'heidi@example.net']));
    expect(run.counts.heldDeletions).toBe(held.length);
    for (const userName of heldNames) expect(await directoryUser(userName)).not.toBeNull();

    // Heidi comes back into scope before the admin confirms: the fresh read must spare her.
    emulator.state.addMember('staff@example.com', { email: 'heidi@example.net' });
    const bob = await directoryUser('bob@example.com');
    const confirm = await admin.request({
      method: 'POST',
      url: `/api/directory-sync/runs/${run.id}/confirm-deletions`,
    });
    expect(confirm.statusCode, confirm.body).toBe(202);
    const confirmed = await waitForRun(admin, run.id);
    expect(confirmed).toMatchObject({ status: 'SUCCEEDED', confirmedBy: 'admin' });

    expect(await directoryUser('bob@example.com')).toBeNull();
    expect(await directoryUser('heidi@example.net')).not.toBeNull();
    expect(
      await database.prisma.archiveFolder.findUnique({ where: { id: bob!.archiveFolder!.id } }),
    ).toMatchObject({
      ownerUserId: null,
      ownerUserName: 'bob@example.com',
    });
    const after = (await runChanges(admin, run.id, '&kind=DELETE')).changes.items;
    expect(after.find((item) => item.userName === 'bob@example.com')?.outcome).toBe('APPLIED');
    expect(after.find((item) => item.userName === 'heidi@example.net')?.outcome).toBe('SKIPPED');

    const again = await admin.request({
      method: 'POST',
      url: `/api/directory-sync/runs/${run.id}/confirm-deletions`,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SYNC_RUN_NOT_HELD');
  });
});
