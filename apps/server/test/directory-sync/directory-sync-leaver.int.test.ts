import type { TOrphanedFolderList, TRunStarted } from '@wac/api-contract';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBrowser } from '../support/test-app';
import {
  connectGoogle,
  runChanges,
  runSync,
  saveSettings,
  startSyncApp,
  waitForRun,
} from './support/directory-sync.fixture';

// Issue 10, "a held deletion can block every later sync", through the API, the worker and the
// emulator: a leaver's address given to a new hire while deletions are held.
describe('directory sync: a leaver’s address given to a new hire while deletions are held', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let app: FastifyInstance;
  let admin: TBrowser;

  beforeAll(async () => {
    [database, emulator] = await Promise.all([
      createTestDatabase(),
      startEmulator({ host: '127.0.0.1', port: 0 }),
    ]);
    ({ app, admin } = await startSyncApp(database, emulator));
    await connectGoogle(app, admin, emulator, 'admin@example.com');
    // Automatic deletion on, and any deletion waits for an admin.
    await saveSettings(admin, { autoDelete: true, deletionThreshold: { percent: 100, count: 0 } });
    expect((await runSync(admin, 'run')).status).toBe('SUCCEEDED');
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await database?.drop();
  });

  const byName = (userName: string) =>
    database.prisma.user.findUnique({ where: { userNameKey: userName }, include: { archiveFolder: true } });

  it('holds the leaver and the new hire, applies the rest, stays held on the next sync, and confirmation applies both', async () => {
    const leaver = await byName('alice@example.com');
    const leaverGoogleId = leaver?.googleUserId;
    expect(leaverGoogleId).toBeTruthy();

    // Alice leaves; her address goes to a new hire. Meanwhile Bob is renamed (unrelated).
    emulator.state.deleteUser('alice@example.com');
    const hire = emulator.state.addUser({
      primaryEmail: 'alice@example.com',
      givenName: 'Alice',
      familyName: 'Newhire',
    });
    expect(hire.id).not.toBe(leaverGoogleId);
    emulator.state.updateUser('bob@example.com', { givenName: 'Robert' });

    const first = await runSync(admin, 'run');
    expect(first.status, first.error?.message).toBe('HELD_FOR_CONFIRMATION');
    expect(first.error).toBeNull();
    expect(first.counts).toMatchObject({ heldDeletions: 1, applied: 1 });
    const changes = (await runChanges(admin, first.id)).changes.items;
    expect(changes.map((change) => [change.kind, change.outcome, change.userName])).toEqual(
      expect.arrayContaining([
        ['DELETE', 'HELD', 'alice@example.com'],
        ['CREATE', 'HELD', 'alice@example.com'],
        ['UPDATE', 'APPLIED', 'bob@example.com'],
      ]),
    );
    expect(changes.find((change) => change.kind === 'CREATE')?.reasonText).toMatch(
      /held: takes the user name of alice@example.com/,
    );
    expect((await byName('alice@example.com'))?.googleUserId).toBe(leaverGoogleId);
    expect((await byName('bob@example.com'))?.fullName).toMatch(/^Robert /);

    // The next sync meets the same situation: held again, not failed.
    const second = await runSync(admin, 'run');
    expect(second.status, second.error?.message).toBe('HELD_FOR_CONFIRMATION');
    expect(second.counts).toMatchObject({ heldDeletions: 1, applied: 0 });

    const confirm = await admin.request({
      method: 'POST',
      url: `/api/directory-sync/runs/${second.id}/confirm-deletions`,
    });
    expect(confirm.statusCode, confirm.body).toBe(202);
    const confirmed = await waitForRun(admin, confirm.json<TRunStarted>().runId);
    expect(confirmed.status, confirmed.error?.message).toBe('SUCCEEDED');
    expect(confirmed.confirmedBy).toBe('admin');
    expect(
      (await runChanges(admin, confirmed.id)).changes.items
        .filter((change) => change.outcome === 'APPLIED')
        .map((change) => [change.kind, change.userName]),
    ).toEqual(
      expect.arrayContaining([
        ['DELETE', 'alice@example.com'],
        ['CREATE', 'alice@example.com'],
      ]),
    );

    const newHire = await byName('alice@example.com');
    expect(newHire).toMatchObject({ googleUserId: hire.id, fullName: 'Alice Newhire' });
    expect(newHire?.archiveFolder?.ownerGoogleUserId).toBe(hire.id);

    // The leaver's archive is kept, and the console's list of orphaned folders says whose it was.
    const orphaned = await admin.request({ method: 'GET', url: '/api/archive-folders/orphaned' });
    expect(orphaned.statusCode, orphaned.body).toBe(200);
    const [folder] = orphaned.json<TOrphanedFolderList>().items;
    expect(folder).toMatchObject({
      formerOwnerUserName: 'alice@example.com',
      formerOwnerGoogleUserId: leaverGoogleId,
    });
    expect(folder?.id).toBe(leaver?.archiveFolder?.id);
    expect(Date.parse(folder?.ownerRemovedAt ?? '')).toBeGreaterThan(Date.parse(first.createdAt));

    // And the sync after that has nothing left to do.
    const after = await runSync(admin, 'run');
    expect(after).toMatchObject({
      status: 'SUCCEEDED',
      counts: { creates: 0, deletes: 0, heldDeletions: 0 },
    });
  });
});
