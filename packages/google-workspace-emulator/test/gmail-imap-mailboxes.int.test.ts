import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TEmulator } from '../src/emulator';
import type { TSeededMessage } from '../src/imap/gmail-mailboxes';
import { connected, mailToken, rawMessage } from './support/imap-client';
import { RawImap, xoauth2 } from './support/raw-imap';

const ALICE = 'alice@example.com';
const ALL_MAIL = '[Gmail]/All Mail';
const STATUS_QUERY = { messages: true, uidNext: true, uidValidity: true, highestModseq: true } as const;

/** imapflow answers `false` where a command failed. */
function present<T>(value: T | false | undefined): T {
  if (value === false || value === undefined) throw new Error('imapflow returned nothing');
  return value;
}

async function statusOf(client: ImapFlow, path: string, query: typeof STATUS_QUERY) {
  const status = await client.status(path, query);
  if (!status) throw new Error(`STATUS ${path} failed`);
  return status;
}

describe('Gmail IMAP: labels as folders, All Mail, Gmail attributes', () => {
  let emulator: TEmulator;
  let client: ImapFlow;
  let inboxOnly: TSeededMessage;
  let labelled: TSeededMessage;
  let sent: TSeededMessage;
  let spam: TSeededMessage;

  beforeAll(async () => {
    emulator = await startEmulator({ imap: true });
    const gmail = emulator.gmail;
    inboxOnly = gmail.addMessage(ALICE, {
      raw: rawMessage({ subject: 'Hello' }),
      flags: ['\\Seen'],
      internalDate: new Date('2024-01-02T10:00:00Z'),
    });
    labelled = gmail.addMessage(ALICE, {
      raw: rawMessage({ subject: 'Project kickoff' }),
      labels: ['\\Inbox', 'Projects/2024', '\\Important'],
    });
    sent = gmail.addMessage(ALICE, {
      raw: rawMessage({ subject: 'Re: Hello', from: ALICE, to: 'carol@partner.example' }),
      labels: ['\\Sent'],
      threadId: inboxOnly.gmThrId,
    });
    spam = gmail.addMessage(ALICE, { raw: rawMessage({ subject: 'Win a prize' }), labels: ['\\Spam'] });
    client = await connected(emulator, { user: ALICE, accessToken: await mailToken(emulator, ALICE) });
  });
  afterAll(async () => {
    await client.logout();
    await emulator.close();
  });

  it('lists Gmail folders with their special-use attributes and label folders', async () => {
    const folders = await client.list();
    const byPath = new Map(folders.map((folder) => [folder.path, folder]));
    expect(byPath.get(ALL_MAIL)?.specialUse).toBe('\\All');
    expect(byPath.get('[Gmail]/Sent Mail')?.specialUse).toBe('\\Sent');
    expect(byPath.get('[Gmail]/Drafts')?.specialUse).toBe('\\Drafts');
    expect(byPath.get('[Gmail]/Spam')?.specialUse).toBe('\\Junk');
    expect(byPath.get('[Gmail]/Trash')?.specialUse).toBe('\\Trash');
    expect(byPath.get('INBOX')?.specialUse).toBe('\\Inbox');
    expect(byPath.get('[Gmail]')?.flags.has('\\Noselect')).toBe(true);
    expect(byPath.has('Projects')).toBe(true);
    expect(byPath.has('Projects/2024')).toBe(true);
  });

  it('counts each folder in STATUS; All Mail holds everything but Spam and Trash', async () => {
    const allMail = await statusOf(client, ALL_MAIL, STATUS_QUERY);
    expect(allMail.messages).toBe(3);
    expect(allMail.uidNext).toBe(4);
    expect(typeof allMail.uidValidity).toBe('bigint');
    expect(allMail.highestModseq).toBeGreaterThan(0n);
    expect((await statusOf(client, 'INBOX', STATUS_QUERY)).messages).toBe(2);
    expect((await statusOf(client, '[Gmail]/Spam', STATUS_QUERY)).messages).toBe(1);
    expect((await statusOf(client, 'Projects/2024', STATUS_QUERY)).messages).toBe(1);
    expect(emulator.gmail.folders(ALICE).find((folder) => folder.path === ALL_MAIL)?.messages).toBe(3);
  });

  it('fetches source and Gmail attributes from All Mail, byte for byte', async () => {
    const lock = await client.getMailboxLock(ALL_MAIL, { readOnly: true });
    try {
      expect(present(client.mailbox).highestModseq).toBeGreaterThan(0n);
      const messages = await client.fetchAll(
        '1:*',
        {
          uid: true,
          flags: true,
          size: true,
          internalDate: true,
          envelope: true,
          source: true,
          threadId: true,
          labels: true,
        },
        { uid: true },
      );
      expect(messages.map((message) => message.emailId)).toEqual([
        inboxOnly.gmMsgId,
        labelled.gmMsgId,
        sent.gmMsgId,
      ]);
      const [first, second, third] = messages;
      expect(first!.uid).toBe(1);
      expect(first!.source!.equals(emulator.gmail.rawMessage(ALICE, inboxOnly.gmMsgId)!)).toBe(true);
      expect(first!.size).toBe(inboxOnly.size);
      expect(first!.flags?.has('\\Seen')).toBe(true);
      expect(first!.internalDate).toEqual(new Date('2024-01-02T10:00:00Z'));
      expect(first!.envelope?.subject).toBe('Hello');
      expect(first!.envelope?.from?.[0]).toMatchObject({
        name: 'Carol Sender',
        address: 'carol@partner.example',
      });
      expect(first!.modseq).toBeGreaterThan(0n);
      expect([...second!.labels!]).toEqual(['\\Inbox', 'Projects/2024', '\\Important']);
      expect(third!.threadId).toBe(inboxOnly.gmThrId);
      expect(messages.map((message) => message.emailId)).not.toContain(spam.gmMsgId);
    } finally {
      lock.release();
    }
  });

  it('gives a message its own UID in each label folder', async () => {
    expect(labelled.uids).toEqual({ [ALL_MAIL]: 2, INBOX: 2, 'Projects/2024': 1, '[Gmail]/Important': 1 });
    const lock = await client.getMailboxLock('Projects/2024', { readOnly: true });
    try {
      const [message] = await client.fetchAll('1:*', { uid: true }, { uid: true });
      expect(message).toMatchObject({ uid: 1, emailId: labelled.gmMsgId });
    } finally {
      lock.release();
    }
  });

  it('answers UID SEARCH by UID range and fetches only what changed since a MODSEQ', async () => {
    const lock = await client.getMailboxLock(ALL_MAIL, { readOnly: true });
    try {
      expect(await client.search({ all: true }, { uid: true })).toEqual([1, 2, 3]);
      expect(await client.search({ uid: '2:*' }, { uid: true })).toEqual([2, 3]);
      // RFC 3501: `n:*` past the last UID still matches the last message.
      expect(await client.search({ uid: '9:*' }, { uid: true })).toEqual([3]);
      const before = client.mailbox ? client.mailbox.highestModseq! : 0n;
      const added = emulator.gmail.addMessage(ALICE, { raw: rawMessage({ subject: 'Late arrival' }) });
      const changed = await client.fetchAll('1:*', { uid: true }, { uid: true, changedSince: before });
      expect(changed.map((message) => message.emailId)).toEqual([added.gmMsgId]);
    } finally {
      lock.release();
    }
  });

  it('downloads a message in partial chunks, as imapflow download() does', async () => {
    const big = emulator.gmail.addMessage(ALICE, {
      raw: rawMessage({ subject: 'Big', body: 'x'.repeat(200_000) }),
      labels: ['Big'],
    });
    const lock = await client.getMailboxLock('Big', { readOnly: true });
    try {
      const { content } = await client.download('1', undefined, { uid: true });
      const chunks: Buffer[] = [];
      for await (const chunk of content!) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(emulator.gmail.rawMessage(ALICE, big.gmMsgId)!)).toBe(true);
    } finally {
      lock.release();
    }
  });

  it('appends with APPENDUID and files the message under the folder’s label', async () => {
    const appended = await client.append('[Gmail]/Sent Mail', rawMessage({ subject: 'Restored' }), [
      '\\Seen',
    ]);
    expect(appended).toMatchObject({ destination: '[Gmail]/Sent Mail', uid: 2 });
    const status = await statusOf(client, '[Gmail]/Sent Mail', STATUS_QUERY);
    expect(present(appended).uidValidity).toBe(status.uidValidity);
    const lock = await client.getMailboxLock('[Gmail]/Sent Mail', { readOnly: true });
    try {
      const message = await client.fetchOne('2', { labels: true, flags: true }, { uid: true });
      expect(message && [...message.labels!]).toEqual(['\\Sent']);
      expect(present(message).flags?.has('\\Seen')).toBe(true);
    } finally {
      lock.release();
    }
  });

  it('changes a folder’s UIDVALIDITY and renumbers it, keeping X-GM-MSGID', async () => {
    const before = await statusOf(client, ALL_MAIL, STATUS_QUERY);
    const changed = emulator.gmail.changeUidValidity(ALICE, ALL_MAIL);
    const after = await statusOf(client, ALL_MAIL, STATUS_QUERY);
    expect(after.uidValidity).toBe(BigInt(changed.uidValidity));
    expect(after.uidValidity).not.toBe(before.uidValidity);
    const lock = await client.getMailboxLock(ALL_MAIL, { readOnly: true });
    try {
      const messages = await client.fetchAll('1:*', { uid: true }, { uid: true });
      expect(messages.map((message) => message.uid)).toEqual(messages.map((_message, index) => index + 1));
      expect(messages[0]!.emailId).toBe(inboxOnly.gmMsgId);
    } finally {
      lock.release();
    }
  });

  it('answers tagged replies as Gmail does, OK Success and all', async () => {
    const { client: raw } = await RawImap.connect(emulator.imap!.host, emulator.imap!.port);
    await raw.command('a1', `AUTHENTICATE XOAUTH2 ${xoauth2(ALICE, await mailToken(emulator, ALICE))}`);
    expect((await raw.command('a2', 'ENABLE CONDSTORE QRESYNC')).join('\n')).toBe(
      '* ENABLED CONDSTORE\na2 OK Success',
    );
    expect((await raw.command('a3', 'LIST "" "*"')).pop()).toBe('a3 OK Success');
    const select = await raw.command('a4', 'EXAMINE "[Gmail]/All Mail"');
    expect(select.pop()).toBe('a4 OK [READ-ONLY] [Gmail]/All Mail selected. (Success)');
    expect(select.some((line) => line.startsWith('* OK [HIGHESTMODSEQ '))).toBe(true);
    expect((await raw.command('a5', 'UID FETCH 1 (X-GM-MSGID X-GM-LABELS)'))[0]).toMatch(
      /^\* 1 FETCH \(UID 1 X-GM-MSGID \d+ X-GM-LABELS \(\\Inbox\)\)$/,
    );
    expect((await raw.command('a6', 'FROB')).pop()).toBe('a6 BAD Unknown command');
    expect((await raw.command('a6b', 'UID SEARCH X-GM-MSGID abc')).pop()).toBe(
      'a6b BAD Could not parse command',
    );
    expect((await raw.command('a6c', 'APPEND INBOX {40000000}')).pop()).toBe(
      'a6c NO [TOOBIG] Message too large. (Failure)',
    );
    raw.send('a6d IDLE');
    expect(await raw.readLine()).toBe('+ idling');
    raw.send('DONE');
    expect((await raw.until('a6d')).pop()).toBe('a6d OK IDLE terminated (Success)');
    expect((await raw.command('a7', 'LOGOUT')).join('\n')).toBe(
      '* BYE LOGOUT Requested\na7 OK 73 good day (Success)',
    );
    raw.close();
  });
});
