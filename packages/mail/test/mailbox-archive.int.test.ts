import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveMailbox } from '../src/archiver/mailbox.archiver';
import { estimateMailbox } from '../src/estimate/mailbox.estimator';
import { sha256, startArchiveHarness, type TArchiveHarness } from './support/archive-test.harness';
import { makeMessage, seedMessages } from './support/mail-test-env';

// Real Dovecot (XOAUTH2 checked against the emulator's /tokeninfo), real Postgres, the real
// @wac/archive ingest and blob store, the archiver's real checkpoints.
describe('archiveMailbox against Dovecot', () => {
  let h: TArchiveHarness;
  const user = 'alice@example.com';
  let folderId: string;
  const inbox = [1, 2, 3, 4, 5].map((n) => makeMessage({ subject: `inbox ${n}` }));
  const shared = makeMessage({ subject: 'in two folders' });

  beforeAll(async () => {
    h = await startArchiveHarness();
    folderId = await h.newArchiveFolder(user);
    await seedMessages(h.env, user, 'INBOX', [...inbox, shared]);
    await seedMessages(h.env, user, 'Projects', [shared, makeMessage({ subject: 'project note' })]);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('estimates folders, messages and bytes without downloading a body', async () => {
    h.fetchedUids.clear();
    const estimate = await estimateMailbox(h.deps(), h.target(folderId, user));
    expect(estimate.isGmail).toBe(false);
    const byFolder = Object.fromEntries(estimate.folders.map((f) => [f.folder, f]));
    expect(byFolder.INBOX?.messages).toBe(6);
    expect(byFolder.INBOX?.bytes).toBe([...inbox, shared].reduce((sum, raw) => sum + raw.length, 0));
    expect(byFolder.Projects?.messages).toBe(2);
    expect(byFolder.Sent?.messages).toBe(0);
    expect(h.fetchedUids.size).toBe(0);
  });

  it('archives every folder on the first run and proves each complete', async () => {
    const result = await archiveMailbox(h.deps(), h.target(folderId, user));
    expect(result.problem).toBeUndefined();
    expect(result.status).toBe('complete');
    expect(result.archived).toBe(8);
    expect(result.failed).toEqual([]);
    const inboxVerdict = result.folders.find((f) => f.folder === 'INBOX');
    expect(inboxVerdict).toEqual({ folder: 'INBOX', serverCount: 6, archivedCount: 6, missingUids: [] });
    // The same bytes in two folders: one blob, listed under both folders.
    const hashes = await h.storedHashes(folderId);
    expect(hashes.get('INBOX/6')).toBe(sha256(shared));
    expect(hashes.get('Projects/1')).toBe(sha256(shared));
    const { rows } = await h.pool.query('SELECT count(*)::int AS n FROM archived_messages');
    expect(rows[0].n).toBe(7);
    const { rows: checkpoints } = await h.pool.query(
      'SELECT folder, highest_uid::int AS uid, highest_modseq IS NOT NULL AS has_modseq FROM mailbox_checkpoints WHERE archive_folder_id = $1 ORDER BY folder',
      [folderId],
    );
    expect(checkpoints).toEqual(
      expect.arrayContaining([
        { folder: 'INBOX', uid: 6, has_modseq: true },
        { folder: 'Projects', uid: 2, has_modseq: true },
      ]),
    );
  });

  it('fetches only new mail on the next run', async () => {
    await seedMessages(h.env, user, 'INBOX', [makeMessage({ subject: 'new one' })]);
    h.fetchedUids.clear();
    const result = await archiveMailbox(h.deps(), h.target(folderId, user));
    expect(result.status).toBe('complete');
    expect(result.archived).toBe(1);
    expect(result.alreadyArchived).toBe(8);
    expect(Object.fromEntries(h.fetchedUids)).toEqual({ INBOX: [7] });
  });

  it('answers a run with nothing new from STATUS alone: no folder selected or listed, still proven complete', async () => {
    h.fetchedUids.clear();
    h.selectedFolders.length = 0;
    const result = await archiveMailbox(h.deps(), h.target(folderId, user));
    expect(result.status).toBe('complete');
    expect(result.archived).toBe(0);
    expect(result.alreadyArchived).toBe(9);
    expect(h.selectedFolders).toEqual([]);
    expect(h.fetchedUids.size).toBe(0);
    expect(result.folders.find((f) => f.folder === 'INBOX')).toEqual({
      folder: 'INBOX',
      serverCount: 7,
      archivedCount: 7,
      missingUids: [],
    });
  });

  it('lists a message the server will not hand over as failed, leaves the mailbox incomplete, and retries it next run', async () => {
    const other = 'bob@example.com';
    const otherFolder = await h.newArchiveFolder(other);
    await seedMessages(
      h.env,
      other,
      'INBOX',
      [1, 2, 3].map((n) => makeMessage({ subject: `bob ${n}` })),
    );
    const base = h.deps();
    const refusingUid2 = h.deps({
      openSession: async (...args) => {
        const session = await (base.openSession as NonNullable<typeof base.openSession>)(...args);
        return {
          ...session,
          fetchBodies: async (uids) => (await session.fetchBodies(uids)).filter((m) => m.uid !== 2),
        };
      },
    });
    const first = await archiveMailbox(refusingUid2, h.target(otherFolder, other));
    expect(first.status).toBe('incomplete');
    expect(first.archived).toBe(2);
    expect(first.failed).toEqual([{ folder: 'INBOX', uid: 2, reason: expect.stringContaining('no body') }]);
    expect(first.folders.find((f) => f.folder === 'INBOX')?.missingUids).toEqual([2]);

    // UID 2 sits below the checkpoint (3) and is still fetched on the next run.
    h.fetchedUids.clear();
    const second = await archiveMailbox(h.deps(), h.target(otherFolder, other));
    expect(second.status).toBe('complete');
    expect(second.archived).toBe(1);
    expect(h.fetchedUids.get('INBOX')).toEqual([2]);
  });

  it('pauses a mailbox when the daily download budget is used up, then finishes within a new budget', async () => {
    const carol = 'carol@example.com';
    const carolFolder = await h.newArchiveFolder(carol);
    const messages = [1, 2, 3, 4].map((n) =>
      makeMessage({ subject: `budget ${n}`, body: 'x'.repeat(10_000) }),
    );
    await seedMessages(h.env, carol, 'INBOX', messages);
    const size = messages[0]?.length ?? 0;
    const paused = await archiveMailbox(
      h.deps({ remainingBudgetBytes: size * 2 + 10 }),
      h.target(carolFolder, carol),
    );
    expect(paused.status).toBe('paused');
    expect(paused.problem?.code).toBe('DAILY_BUDGET_EXHAUSTED');
    expect(paused.archived).toBe(2);
    expect(paused.bytes).toBeLessThanOrEqual(size * 2 + 10);
    expect(paused.folders.find((f) => f.folder === 'INBOX')?.missingUids).toEqual([3, 4]);

    const resumed = await archiveMailbox(
      h.deps({ remainingBudgetBytes: size * 10 }),
      h.target(carolFolder, carol),
    );
    expect(resumed.status).toBe('complete');
    expect(resumed.archived).toBe(2);
  });

  it('starts a folder over after a UIDVALIDITY change and stores no blob twice', async () => {
    const erin = 'erin@example.com';
    const erinFolder = await h.newArchiveFolder(erin);
    const messages = [1, 2, 3].map((n) => makeMessage({ subject: `erin ${n}` }));
    await seedMessages(h.env, erin, 'Lists', messages);
    expect((await archiveMailbox(h.deps(), h.target(erinFolder, erin))).archived).toBe(3);
    const before = await h.pool.query('SELECT count(*)::int AS n FROM archived_messages');

    // Deleting and re-creating a folder gives it a new UIDVALIDITY (as a restore or migration does).
    const client = await h.env.openClient(erin);
    const status = await client.status('Lists', { uidValidity: true });
    const oldValidity = status ? status.uidValidity : undefined;
    await client.mailboxDelete('Lists');
    await client.logout();
    await seedMessages(h.env, erin, 'Lists', messages);

    const result = await archiveMailbox(h.deps(), h.target(erinFolder, erin));
    expect(result.status).toBe('complete');
    const { rows } = await h.pool.query(
      "SELECT uid_validity::text AS v FROM mailbox_checkpoints WHERE archive_folder_id = $1 AND folder = 'Lists'",
      [erinFolder],
    );
    expect(rows[0].v).not.toBe(String(oldValidity));
    const after = await h.pool.query('SELECT count(*)::int AS n FROM archived_messages');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});
