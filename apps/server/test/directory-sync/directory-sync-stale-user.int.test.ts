import type { TStaleUserRemoved } from '@wac/api-contract';
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
} from './support/directory-sync.fixture';

// Issue 10: an address re-used while auto-delete is off. The conflict says the current holder no
// longer exists in Google and offers to remove that one stale user, its archive kept.
describe('directory sync: removing the stale holder of a re-used address', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let app: FastifyInstance;
  let admin: TBrowser;
  let leaver: { id: string; googleUserId: string | null; archiveFolder: { id: string } | null };
  let runId: string;
  let staleChangeId: string;

  beforeAll(async () => {
    [database, emulator] = await Promise.all([
      createTestDatabase(),
      startEmulator({ host: '127.0.0.1', port: 0 }),
    ]);
    ({ app, admin } = await startSyncApp(database, emulator));
    await connectGoogle(app, admin, emulator, 'admin@example.com');
    await saveSettings(admin, { autoDelete: false });
    expect((await runSync(admin, 'run')).status).toBe('SUCCEEDED');
    leaver = await database.prisma.user.findUniqueOrThrow({
      where: { userNameKey: 'alice@example.com' },
      include: { archiveFolder: { select: { id: true } } },
    });
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await database?.drop();
  });

  const remove = (changeId: string, csrfToken?: string | null) =>
    admin.request({
      method: 'POST',
      url: `/api/directory-sync/runs/${runId}/changes/${changeId}/remove-stale-user`,
      csrfToken,
    });

  it('says that the holder of the address no longer exists in Google Workspace', async () => {
    emulator.state.deleteUser('alice@example.com');
    emulator.state.addUser({ primaryEmail: 'alice@example.com', givenName: 'Alice', familyName: 'Newhire' });

    const run = await runSync(admin, 'run');
    expect(run.status, run.error?.message).toBe('SUCCEEDED');
    expect(run.counts).toMatchObject({ conflicts: 1, kept: 1, creates: 0 });
    runId = run.id;
    const items = (await runChanges(admin, run.id)).changes.items;
    const conflict = items.find((change) => change.kind === 'CONFLICT');
    expect(conflict).toMatchObject({
      reason: 'STALE_USER_HOLDS_NAME',
      userName: 'alice@example.com',
      userId: leaver.id,
    });
    expect(conflict?.reasonText).toContain(
      `no longer exists in Google Workspace (Google id ${leaver.googleUserId})`,
    );
    expect(conflict?.reasonText).toMatch(/Remove that stale user \(its archive folder is kept\)/);
    staleChangeId = conflict?.id ?? '';
    const keep = items.find((change) => change.kind === 'KEEP');
    expect(keep).toMatchObject({ userId: leaver.id, reason: 'DELETED_IN_GOOGLE' });

    // The next sync finds the same dead end until the admin acts.
    const again = await runSync(admin, 'run');
    expect(again.counts).toMatchObject({ conflicts: 1, creates: 0 });
  });

  it('refuses other changes, a missing CSRF token, and a holder that Google still knows', async () => {
    const keep = (await runChanges(admin, runId)).changes.items.find((change) => change.kind === 'KEEP');
    const notStale = await remove(keep?.id ?? '');
    expect(notStale.statusCode).toBe(409);
    expect(notStale.json().error.message).toMatch(/does not name a stale user/);
    expect((await remove('999999999')).statusCode).toBe(404);

    const noCsrf = await remove(staleChangeId, null);
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF_TOKEN_INVALID');

    // Google is asked again: a holder whose Google account exists (here: pointed at one) is kept.
    const someone = emulator.state.addUser({
      primaryEmail: 'zoe@example.com',
      givenName: 'Zoe',
      familyName: 'Z',
    });
    await database.prisma.user.update({ where: { id: leaver.id }, data: { googleUserId: someone.id } });
    try {
      const exists = await remove(staleChangeId);
      expect(exists.statusCode).toBe(409);
      expect(exists.json().error.message).toMatch(/still exists in Google Workspace \(as zoe@example.com\)/);
    } finally {
      await database.prisma.user.update({
        where: { id: leaver.id },
        data: { googleUserId: leaver.googleUserId },
      });
      emulator.state.deleteUser('zoe@example.com');
    }
    expect(await database.prisma.user.count({ where: { id: leaver.id } })).toBe(1);
    expect(
      await database.prisma.auditLog.count({ where: { action: 'directory_sync.stale_user_removed' } }),
    ).toBe(0);
  });

  it('removes only the stale user, keeps its archive folder as orphaned, audits it, and the next sync creates the new hire', async () => {
    const usersBefore = await database.prisma.user.count();
    const response = await remove(staleChangeId);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<TStaleUserRemoved>()).toEqual({
      userId: leaver.id,
      userName: 'alice@example.com',
      archiveFolderId: leaver.archiveFolder?.id,
    });
    expect(await database.prisma.user.count()).toBe(usersBefore - 1);
    const folder = await database.prisma.archiveFolder.findUniqueOrThrow({
      where: { id: leaver.archiveFolder?.id ?? '' },
    });
    expect(folder).toMatchObject({
      ownerUserId: null,
      ownerUserName: 'alice@example.com',
      ownerGoogleUserId: leaver.googleUserId,
    });
    expect(folder.ownerRemovedAt).toBeInstanceOf(Date);
    const audit = await database.prisma.auditLog.findFirstOrThrow({
      where: { action: 'directory_sync.stale_user_removed' },
    });
    expect(audit).toMatchObject({ actorName: 'admin', target: `user:${leaver.id}` });
    expect(audit.details).toMatchObject({
      userName: 'alice@example.com',
      googleUserId: leaver.googleUserId,
      runId,
    });

    // Done once: the same button again finds nobody to remove.
    const twice = await remove(staleChangeId);
    expect(twice.statusCode).toBe(404);
    expect(twice.json().error.message).toMatch(/already removed/);

    const next = await runSync(admin, 'run');
    expect(next).toMatchObject({ status: 'SUCCEEDED', counts: { creates: 1, conflicts: 0, kept: 0 } });
    const hire = await database.prisma.user.findUniqueOrThrow({
      where: { userNameKey: 'alice@example.com' },
      include: { archiveFolder: true },
    });
    expect(hire.googleUserId).not.toBe(leaver.googleUserId);
    expect(hire.archiveFolder?.id).not.toBe(leaver.archiveFolder?.id);
  });
});
