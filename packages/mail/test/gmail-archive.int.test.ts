import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveMailbox } from '../src/archiver/mailbox.archiver';
import type { TMailboxArchiverDeps } from '../src/mailbox-archive.contract';
import { sha256, startArchiveHarness, type TArchiveHarness } from './support/archive-test.harness';
import { makeMessage } from './support/mail-test-env';

// The Gmail path against the emulator's Gmail IMAP dialect: one download per message from \All.
describe('archiveMailbox against the Gmail dialect', () => {
  let h: TArchiveHarness;
  let gmailDeps: (overrides?: Partial<TMailboxArchiverDeps>) => TMailboxArchiverDeps;

  beforeAll(async () => {
    h = await startArchiveHarness();
    const imap = h.env.emulator.imap;
    if (!imap) throw new Error('the emulator was started without IMAP');
    gmailDeps = (overrides = {}) =>
      h.deps({ imap: { host: imap.host, port: imap.port, secure: false }, ...overrides });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('downloads each message once from All Mail with its labels, leaves Spam out, and remaps a UIDVALIDITY change without downloading', async () => {
    const user = 'alice@example.com';
    const folderId = await h.newArchiveFolder(user);
    const gmail = h.env.emulator.gmail;
    const both = gmail.addMessage(user, {
      raw: makeMessage({ subject: 'inbox and label' }),
      labels: ['\\Inbox', 'Projects'],
    });
    const sent = gmail.addMessage(user, { raw: makeMessage({ subject: 'sent' }), labels: ['\\Sent'] });
    gmail.addMessage(user, { raw: makeMessage({ subject: 'spam' }), labels: ['\\Spam'] });

    h.fetchedUids.clear();
    const result = await archiveMailbox(gmailDeps(), h.target(folderId, user));
    expect(result.problem).toBeUndefined();
    expect(result.status).toBe('complete');
    expect(result.archived).toBe(2);
    expect(result.folders.map((f) => f.folder)).toEqual(['[Gmail]/All Mail']);
    expect([...h.fetchedUids.keys()]).toEqual(['[Gmail]/All Mail']);
    const { rows } = await h.pool.query(
      'SELECT gmail_message_id, gmail_labels FROM archived_message_copies WHERE archive_folder_id = $1 ORDER BY uid',
      [folderId],
    );
    expect(rows.map((r) => r.gmail_message_id)).toEqual([both.gmMsgId, sent.gmMsgId]);
    expect(rows[0].gmail_labels).toEqual(expect.arrayContaining(['\\Inbox', 'Projects']));
    const hashes = await h.storedHashes(folderId);
    expect(hashes.size).toBe(2);
    expect([...hashes.values()]).toContain(sha256(gmail.rawMessage(user, sent.gmMsgId) as Buffer));

    gmail.changeUidValidity(user, '[Gmail]/All Mail');
    gmail.addMessage(user, { raw: makeMessage({ subject: 'after the change' }), labels: ['\\Inbox'] });
    h.fetchedUids.clear();
    const after = await archiveMailbox(gmailDeps(), h.target(folderId, user));
    expect(after.status).toBe('complete');
    expect(after.archived).toBe(1);
    expect(h.fetchedUids.get('[Gmail]/All Mail')).toHaveLength(1);
  });

  it('includes Spam when switched on', async () => {
    const user = 'bob@example.com';
    const folderId = await h.newArchiveFolder(user);
    h.env.emulator.gmail.addMessage(user, { raw: makeMessage({ subject: 'bob spam' }), labels: ['\\Spam'] });
    const result = await archiveMailbox(gmailDeps(), h.target(folderId, user, { includeSpam: true }));
    expect(result.status).toBe('complete');
    expect(result.folders.map((f) => f.folder)).toEqual(['[Gmail]/All Mail', '[Gmail]/Spam']);
    expect(result.archived).toBe(1);
  });

  it('fails with IMAP_DISABLED when the account is not enabled for IMAP', async () => {
    const user = 'carol@example.com';
    const folderId = await h.newArchiveFolder(user);
    h.env.emulator.gmail.faults.setAccountNotEnabled(user, true);
    try {
      const result = await archiveMailbox(gmailDeps(), h.target(folderId, user));
      expect(result.status).toBe('failed');
      expect(result.problem?.code).toBe('IMAP_DISABLED');
      expect(result.problem?.remedy).toMatch(/organisational unit/);
    } finally {
      h.env.emulator.gmail.faults.setAccountNotEnabled(user, false);
    }
  });

  it('pauses on [THROTTLED] with a resume time, keeping what was committed', async () => {
    const user = 'erin@example.com';
    const folderId = await h.newArchiveFolder(user);
    for (let n = 0; n < 5; n++)
      h.env.emulator.gmail.addMessage(user, { raw: makeMessage({ subject: `erin ${n}` }) });
    h.env.emulator.gmail.faults.throttle({ user });
    try {
      const result = await archiveMailbox(gmailDeps(), h.target(folderId, user));
      expect(result.status).toBe('paused');
      expect(result.problem?.code).toBe('THROTTLED');
      expect(result.problem?.resumeAt?.getTime()).toBeGreaterThan(Date.now());
    } finally {
      h.env.emulator.gmail.faults.clearThrottle(user);
    }
    const resumed = await archiveMailbox(gmailDeps(), h.target(folderId, user));
    expect(resumed.status).toBe('complete');
  });
});
