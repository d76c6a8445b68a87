import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TEmulator } from '../src/emulator';
import { contentBytes, parseFetchItems, type TContentItem } from '../src/imap/fetch-items';
import { generateMessages } from '../src/imap/message.generator';
import { connected, mailToken } from './support/imap-client';

const OWNER = 'alice@example.com';
const COUNT = 2_000;

describe('generated mailboxes at volume', () => {
  let emulator: TEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ imap: true });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('generates repeatable, realistic mail: threads, Sent, drafts, spam, labels, HTML and attachments', () => {
    const first = generateMessages({ count: 300, owner: OWNER, seed: 3 });
    const again = generateMessages({ count: 300, owner: OWNER, seed: 3 });
    expect(first.every((message, index) => message.raw.equals(again[index]!.raw))).toBe(true);
    const labels = first.flatMap((message) => message.labels);
    for (const label of ['\\Inbox', '\\Sent', '\\Spam', '\\Important']) expect(labels).toContain(label);
    expect(labels.some((label) => !label.startsWith('\\'))).toBe(true);
    const texts = first.map((message) => message.raw.toString('latin1'));
    expect(texts.filter((text) => text.includes('multipart/alternative')).length).toBeGreaterThan(50);
    expect(texts.filter((text) => text.includes('Content-Disposition: attachment')).length).toBeGreaterThan(
      20,
    );
    expect(first.filter((message) => message.replyTo !== undefined).length).toBeGreaterThan(50);
    expect(texts.every((text) => /^Message-ID: <[^>]+>\r$/m.test(text) && text.includes('\r\n\r\n'))).toBe(
      true,
    );
  });

  it('serves the stored Buffer itself for a full-source fetch (no copy per fetch)', () => {
    const raw = Buffer.from('Subject: x\r\n\r\nbody');
    const [item] = parseFetchItems({ type: 'atom', value: 'BODY.PEEK[]' })!;
    expect(contentBytes(raw, item as TContentItem)).toBe(raw);
  });

  it(`fetches ${COUNT} generated messages through imapflow, each once, and reports the rate`, async () => {
    const seeded = emulator.gmail.addGeneratedMessages(OWNER, { count: COUNT, seed: 11 });
    const allMail = emulator.gmail.folders(OWNER).find((folder) => folder.path === '[Gmail]/All Mail')!;
    const hidden = seeded.filter((message) =>
      message.labels.some((label) => label === '\\Spam' || label === '\\Trash'),
    );
    expect(allMail.messages).toBe(COUNT - hidden.length);
    const threads = new Set(seeded.map((message) => message.gmThrId));
    expect(threads.size).toBeLessThan(COUNT);

    const client = await connected(emulator, { user: OWNER, accessToken: await mailToken(emulator, OWNER) });
    const started = performance.now();
    let bytes = 0;
    let count = 0;
    const lock = await client.getMailboxLock('[Gmail]/All Mail', { readOnly: true });
    try {
      for await (const message of client.fetch(
        '1:*',
        { uid: true, source: true, labels: true, threadId: true },
        { uid: true },
      )) {
        bytes += message.source!.length;
        count += 1;
      }
    } finally {
      lock.release();
    }
    const seconds = (performance.now() - started) / 1000;
    await client.logout();
    expect(count).toBe(allMail.messages);
    expect(bytes).toBe(allMail.bytes);
    expect(emulator.gmail.fetchLog.list({ user: OWNER }).length).toBe(count);
    console.log(
      JSON.stringify({
        messages: count,
        megabytes: +(bytes / 1e6).toFixed(1),
        seconds: +seconds.toFixed(2),
        messagesPerSecond: Math.round(count / seconds),
        megabytesPerSecond: +(bytes / 1e6 / seconds).toFixed(1),
      }),
    );
  }, 60_000);
});
