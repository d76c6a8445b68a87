import type { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type TEmulator } from '../src/emulator';
import { IMAP_TEXT } from '../src/imap/authenticate.handler';
import type { TSeededMessage } from '../src/imap/gmail-mailboxes';
import { connected, mailToken, rawMessage } from './support/imap-client';
import { RawImap, xoauth2 } from './support/raw-imap';

const ALICE = 'alice@example.com';
const ALL_MAIL = '[Gmail]/All Mail';

type TCommandError = {
  responseStatus?: string;
  responseText?: string;
  response?: { attributes?: { section?: { value?: string }[] }[] };
};

/** imapflow keeps a failed command's response code (`[OVERQUOTA]`) only in the parsed response. */
function responseCode(error: TCommandError | undefined): string | undefined {
  return error?.response?.attributes?.[0]?.section?.[0]?.value;
}

/** Fetches All Mail's sources as an archiver would; returns what arrived and how it ended. */
async function fetchAllMail(client: ImapFlow, range = '1:*') {
  const lock = await client.getMailboxLock(ALL_MAIL, { readOnly: true });
  const received: { uid: number; emailId?: string }[] = [];
  let failure: TCommandError | undefined;
  try {
    for await (const message of client.fetch(range, { uid: true, source: true }, { uid: true })) {
      received.push({ uid: message.uid, emailId: message.emailId });
    }
  } catch (error) {
    failure = error as TCommandError;
  } finally {
    lock.release();
  }
  return { received, failure };
}

describe('Gmail IMAP fault knobs and fetch log', () => {
  let emulator: TEmulator;
  let seeded: TSeededMessage[];
  let client: ImapFlow | undefined;
  const login = async () => {
    client = await connected(emulator, { user: ALICE, accessToken: await mailToken(emulator, ALICE) });
    return client;
  };

  beforeAll(async () => {
    emulator = await startEmulator({ imap: true });
    seeded = Array.from({ length: 5 }, (_unused, index) =>
      emulator.gmail.addMessage(ALICE, { raw: rawMessage({ subject: `Message ${index + 1}` }) }),
    );
  });
  beforeEach(() => {
    emulator.gmail.faults.reset();
    emulator.gmail.fetchLog.clear();
  });
  afterEach(async () => {
    if (client?.usable) await client.logout();
    else client?.close();
    client = undefined;
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('logs which UIDs were fetched per user and folder, so an incremental run can be checked', async () => {
    const imap = await login();
    await fetchAllMail(imap);
    expect(emulator.gmail.fetchLog.list({ user: ALICE, folder: ALL_MAIL }).map((entry) => entry.uid)).toEqual(
      [1, 2, 3, 4, 5],
    );
    const added = emulator.gmail.addMessage(ALICE, { raw: rawMessage({ subject: 'New one' }) });
    emulator.gmail.fetchLog.clear();
    await fetchAllMail(imap, '6:*');
    expect(emulator.gmail.fetchLog.list({ user: ALICE })).toEqual([
      expect.objectContaining({ folder: ALL_MAIL, uid: 6, gmMsgId: added.gmMsgId, bytes: added.size }),
    ]);
    // Metadata-only fetches are not downloads.
    const lock = await imap.getMailboxLock(ALL_MAIL, { readOnly: true });
    await imap.fetchAll('1:*', { uid: true, flags: true, labels: true }, { uid: true });
    lock.release();
    expect(emulator.gmail.fetchLog.list({ user: ALICE })).toHaveLength(1);
  });

  it('marks tagged replies [THROTTLED] and slows them, while a client carries on', async () => {
    const { client: raw } = await RawImap.connect(emulator.imap!.host, emulator.imap!.port);
    await raw.command('a1', `AUTHENTICATE XOAUTH2 ${xoauth2(ALICE, await mailToken(emulator, ALICE))}`);
    emulator.gmail.faults.throttle({ user: ALICE, responses: 2, delayMs: 150 });
    const started = Date.now();
    expect((await raw.command('a2', 'NOOP')).pop()).toBe('a2 OK Success [THROTTLED]');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await raw.command('a3', 'NOOP')).pop()).toBe('a3 OK Success [THROTTLED]');
    expect((await raw.command('a4', 'NOOP')).pop()).toBe('a4 OK Success');
    raw.close();

    emulator.gmail.faults.throttle({ user: ALICE });
    const { received, failure } = await fetchAllMail(await login());
    expect(failure).toBeUndefined();
    expect(received).toHaveLength(seeded.length + 1);
  });

  it('answers content FETCHes with [OVERQUOTA] when over quota or past the download limit', async () => {
    const imap = await login();
    emulator.gmail.faults.setOverQuota({ user: ALICE, at: 'fetch' });
    const overQuota = await fetchAllMail(imap);
    expect(overQuota.received).toEqual([]);
    expect(overQuota.failure).toMatchObject({
      responseStatus: 'NO',
      responseText: 'Account exceeded command or bandwidth limits. (Failure)',
    });
    expect(responseCode(overQuota.failure)).toBe('OVERQUOTA');
    emulator.gmail.faults.clearOverQuota(ALICE);

    // Two messages' worth of bytes: the third fetch is refused, as Gmail's daily download limit would.
    emulator.gmail.faults.setDownloadLimit(ALICE, seeded[0]!.size + seeded[1]!.size);
    const limited = await fetchAllMail(imap);
    expect(limited.received.map((message) => message.uid)).toEqual([1, 2]);
    expect(responseCode(limited.failure)).toBe('OVERQUOTA');
    expect(emulator.gmail.fetchLog.bytesFetched(ALICE)).toBe(seeded[0]!.size + seeded[1]!.size);
  });

  it('refuses the login with [OVERQUOTA] when set at login', async () => {
    emulator.gmail.faults.setOverQuota({ user: ALICE, at: 'login' });
    const error = await login().catch((failure: { response?: string }) => failure);
    expect((error as { response?: string }).response).toContain(IMAP_TEXT.overQuota);
  });

  it('drops the connection after N fetched messages, once', async () => {
    const imap = await login();
    emulator.gmail.faults.dropConnection({ user: ALICE, afterMessages: 2 });
    const dropped = await fetchAllMail(imap);
    expect(dropped.received.map((message) => message.uid)).toEqual([1, 2]);
    expect(dropped.failure).toBeDefined();
    expect(imap.usable).toBe(false);
    const again = await fetchAllMail(await login());
    expect(again.failure).toBeUndefined();
    expect(again.received.map((message) => message.uid)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('fails one message’s fetch with Gmail’s NO, delivering the others', async () => {
    const imap = await login();
    emulator.gmail.faults.failMessage({ user: ALICE, gmMsgId: seeded[2]!.gmMsgId, times: 1 });
    const first = await fetchAllMail(imap);
    expect(first.received.map((message) => message.uid)).toEqual([1, 2, 4, 5, 6]);
    expect(first.failure?.responseStatus).toBe('NO');
    expect(first.failure?.responseText).toBe('Some messages could not be FETCHed (Failure)');
    const retry = await fetchAllMail(imap, '3');
    expect(retry.failure).toBeUndefined();
    expect(retry.received).toEqual([{ uid: 3, emailId: seeded[2]!.gmMsgId }]);
  });

  it('exposes seeding, knobs and the fetch log over HTTP for the standalone emulator', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${emulator.url}/emulator/imap${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const raw = rawMessage({ subject: 'Over HTTP' });
    const added = await post(`/users/${ALICE}/messages`, {
      rawBase64: raw.toString('base64'),
      labels: ['Receipts'],
    });
    expect(added.status).toBe(201);
    const message = (await added.json()) as { gmMsgId: string; uids: Record<string, number> };
    expect(emulator.gmail.rawMessage(ALICE, message.gmMsgId)!.equals(raw)).toBe(true);
    expect(Object.keys(message.uids)).toEqual([ALL_MAIL, 'Receipts']);

    const generated = await post(`/users/bob@example.com/generate`, { count: 20, seed: 7 });
    expect(((await generated.json()) as { added: number }).added).toBe(20);
    const folders = (await (
      await fetch(`${emulator.url}/emulator/imap/users/bob@example.com/folders`)
    ).json()) as {
      path: string;
      messages: number;
    }[];
    expect(folders.find((folder) => folder.path === ALL_MAIL)!.messages).toBeGreaterThan(10);

    const knobs = await post('/faults', { throttle: { user: ALICE }, maxConnectionsPerUser: 3 });
    expect(await knobs.json()).toMatchObject({
      maxConnectionsPerUser: 3,
      throttled: { [ALICE]: { delayMs: 0 } },
    });
    const uidValidity = await post(`/users/${ALICE}/uidvalidity`, { folder: 'Receipts' });
    expect(((await uidValidity.json()) as { uidValidity: number }).uidValidity).toBeGreaterThan(1000);
    expect((await post('/users/nobody@example.com/messages', { raw: 'x' })).status).toBe(404);
    const log = await fetch(`${emulator.url}/emulator/imap/fetch-log?user=${ALICE}`);
    expect(await log.json()).toEqual([]);
  });
});
