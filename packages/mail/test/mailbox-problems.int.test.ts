import { GOOGLE_SCOPES } from '@wac/google';
import { SCOPES } from '@wac/google-workspace-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveMailbox } from '../src/archiver/mailbox.archiver';
import { estimateMailbox } from '../src/estimate/mailbox.estimator';
import { sha256, startArchiveHarness, type TArchiveHarness } from './support/archive-test.harness';
import { startCuttingProxy } from './support/cutting.proxy';
import { makeMessage, seedMessages } from './support/mail-test-env';

describe('mailbox problems against Dovecot', () => {
  let h: TArchiveHarness;

  beforeAll(async () => {
    h = await startArchiveHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('reconnects after a connection dropped mid-fetch and resumes from the checkpoint', async () => {
    const user = 'frank@example.com';
    const folderId = await h.newArchiveFolder(user);
    const messages = Array.from({ length: 30 }, (_, n) =>
      makeMessage({ subject: `drop ${n}`, body: 'y'.repeat(20_000) }),
    );
    await seedMessages(h.env, user, 'INBOX', messages);
    const proxy = await startCuttingProxy({ host: h.env.dovecot.host, port: h.env.dovecot.port });
    try {
      // Deep into the bodies of the second batch of ten (login, list and sizes take a few KB).
      proxy.cutAfterServerBytes = 300_000;
      const result = await archiveMailbox(
        h.deps({
          imap: { host: '127.0.0.1', port: proxy.port, secure: false },
          batchLimits: { maxMessages: 10, maxBytes: 8e6 },
        }),
        h.target(folderId, user),
      );
      expect(proxy.cuts).toBe(1);
      expect(result.status).toBe('complete');
      expect(result.archived).toBe(30);
      // The first batch committed before the cut was not fetched again.
      const fetched = h.fetchedUids.get('INBOX') ?? [];
      expect(fetched.filter((uid) => uid <= 10)).toHaveLength(10);
      const hashes = await h.storedHashes(folderId);
      expect([...hashes.values()].sort()).toEqual(messages.map(sha256).sort());
    } finally {
      await proxy.close();
    }
  });

  it('gives up with CONNECTION_LOST when the server stays unreachable', async () => {
    const user = 'frank@example.com';
    const folderId = await h.newArchiveFolder('frank-2');
    const proxy = await startCuttingProxy({ host: h.env.dovecot.host, port: h.env.dovecot.port });
    const port = proxy.port;
    await proxy.close();
    const result = await archiveMailbox(
      h.deps({ imap: { host: '127.0.0.1', port, secure: false } }),
      h.target(folderId, user),
    );
    expect(result.status).toBe('failed');
    expect(result.problem?.code).toBe('CONNECTION_LOST');
    expect(result.problem?.remedy).toMatch(/checkpoint/);
  });

  it('archives a 50 MB message through Dovecot', async () => {
    const user = 'grace@example.net';
    const folderId = await h.newArchiveFolder(user);
    const line = `${'0123456789abcdefghijklmnopqrstuvwxyz'.repeat(2)}\r\n`;
    const big = makeMessage({
      subject: 'fifty megabytes',
      body: line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)),
    });
    expect(big.length).toBeGreaterThan(50 * 1024 * 1024);
    await seedMessages(h.env, user, 'INBOX', [big, makeMessage({ subject: 'small after big' })]);
    const result = await archiveMailbox(h.deps(), h.target(folderId, user));
    expect(result.status).toBe('complete');
    expect(result.archived).toBe(2);
    expect(result.bytes).toBeGreaterThan(50 * 1024 * 1024);
    const hashes = await h.storedHashes(folderId);
    expect(hashes.get('INBOX/1')).toBe(sha256(big));
  }, 120_000);

  it('names the user as missing or suspended when Google refuses a token (invalid_grant)', async () => {
    const folderId = await h.newArchiveFolder('dave');
    const result = await archiveMailbox(h.deps(), h.target(folderId, 'dave@example.com'));
    expect(result.status).toBe('failed');
    expect(result.problem?.code).toBe('USER_NOT_FOUND_OR_SUSPENDED');
    expect(result.problem?.remedy).toMatch(/archive is kept/);
  });
});

describe('the mail scope not delegated', () => {
  let h: TArchiveHarness;
  beforeAll(async () => {
    h = await startArchiveHarness({
      delegatedScopes: [SCOPES.directoryUserReadonly, SCOPES.directoryGroupReadonly],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('fails the mailbox with MAIL_SCOPE_NOT_DELEGATED naming the scope to add', async () => {
    const folderId = await h.newArchiveFolder('alice');
    const result = await archiveMailbox(h.deps(), h.target(folderId, 'alice@example.com'));
    expect(result.status).toBe('failed');
    expect(result.problem?.code).toBe('MAIL_SCOPE_NOT_DELEGATED');
    expect(result.problem?.remedy).toContain(GOOGLE_SCOPES.mail);
    const estimate = await estimateMailbox(h.deps(), h.target(folderId, 'alice@example.com'));
    expect(estimate.problem?.code).toBe('MAIL_SCOPE_NOT_DELEGATED');
  });
});

// IMAP disabled is proved against the Gmail dialect (gmail-archive.int.test.ts): Dovecot's passdb can
// refuse a login but not with Gmail's words (its reason= field ends at the first space).
