import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchiveIngest } from '../src/ingest/archive-ingest.service';
import { SEARCH_TEXT_MAX_CHARS } from '../src/mime/search-text';
import { createArchiveTestEnv, mail, source, type TArchiveTestEnv } from './archive-fixtures';

describe('archive ingest on Postgres', () => {
  let env: TArchiveTestEnv;
  let ingest: ReturnType<typeof createArchiveIngest>;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    env = await createArchiveTestEnv();
    ingest = createArchiveIngest({ pool: env.pool, store: env.store });
    alice = await env.createArchiveFolder('alice');
    bob = await env.createArchiveFolder('bob');
  });
  afterAll(async () => {
    await env?.close();
  });

  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    Number(
      (await env.pool.query(`SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`, params)).rows[0].n,
    );

  it('stores, indexes and lists a batch; a second ingest of it changes nothing', async () => {
    const first = mail({
      messageId: '<m1@x>',
      subject: 'Budget meeting',
      body: 'Bring the pumpernickel figures.',
    });
    const second = mail({ messageId: '<m2@x>', subject: 'Lunch', body: 'Soup at noon.' });
    const items = [
      { archiveFolderId: alice, source: source('INBOX', 1), raw: first },
      { archiveFolderId: alice, source: source('INBOX', 2), raw: second },
    ];
    const results = await ingest.ingest(items);
    expect(results.map((r) => [r.isNewInMailbox, r.isNewBlob, r.size])).toEqual([
      [true, true, first.length],
      [true, true, second.length],
    ]);
    expect(await ingest.archivedUids(alice, 'INBOX', 1)).toEqual([1, 2]);
    expect(await ingest.archivedUids(alice, 'INBOX', 2)).toEqual([]);

    const row = (
      await env.pool.query(
        `SELECT "message_id", "subject", "from_address", "to_addresses", "size", "date" AT TIME ZONE 'UTC' AS d
           FROM "archived_messages" WHERE "address" = $1`,
        [results[0]?.address],
      )
    ).rows[0];
    expect(row).toMatchObject({
      message_id: '<m1@x>',
      subject: 'Budget meeting',
      from_address: 'alice@example.com',
      to_addresses: ['bob@example.com'],
      size: first.length,
    });
    const hits = await env.pool.query(
      `SELECT "subject" FROM "archived_messages" WHERE "search_vector" @@ plainto_tsquery('simple', 'pumpernickel')`,
    );
    expect(hits.rows).toEqual([{ subject: 'Budget meeting' }]);
    expect((await env.store.get(results[1]?.address ?? '')).equals(second)).toBe(true);

    const again = await ingest.ingest(items);
    expect(again.map((r) => [r.isNewInMailbox, r.isNewBlob])).toEqual([
      [false, false],
      [false, false],
    ]);
    expect(await count('archived_message_copies', '"archive_folder_id" = $1', [alice])).toBe(2);
  });

  it('stores a message in two mailboxes and two folders once, and keeps every mailbox copy', async () => {
    const shared = mail({ messageId: '<all-hands@x>', subject: 'All hands', body: 'Friday 3pm.' });
    const results = await ingest.ingest([
      { archiveFolderId: alice, source: source('INBOX', 10), raw: shared },
      { archiveFolderId: alice, source: source('Work', 3), raw: Buffer.from(shared) },
      { archiveFolderId: bob, source: source('INBOX', 7, { gmailLabels: ['\\Inbox', 'Team'] }), raw: shared },
    ]);
    const address = results[0]?.address;
    expect(new Set(results.map((r) => r.address)).size).toBe(1);
    expect(results.map((r) => [r.isNewInMailbox, r.isNewBlob])).toEqual([
      [true, true],
      [true, false],
      [true, false],
    ]);
    expect(await count('archived_messages', '"address" = $1', [address])).toBe(1);
    expect(await count('archived_message_copies', '"message_address" = $1', [address])).toBe(3);
    const labels = await env.pool.query(
      `SELECT "gmail_labels" FROM "archived_message_copies" WHERE "archive_folder_id" = $1 AND "uid" = 7`,
      [bob],
    );
    expect(labels.rows).toEqual([{ gmail_labels: ['\\Inbox', 'Team'] }]);
    const shard = (address ?? '').slice(0, 2);
    const files = await readdir(`${env.store.root}/${shard}`, { recursive: true });
    expect(files.filter((name) => name.endsWith(address ?? '-'))).toHaveLength(1);
  });

  it('keeps a draft and its sent version that share a Message-ID', async () => {
    const draft = mail({ messageId: '<offer@x>', subject: 'Offer', body: 'Draft: we offer 90.' });
    const sent = mail({ messageId: '<offer@x>', subject: 'Offer', body: 'We offer 100.' });
    const results = await ingest.ingest([
      { archiveFolderId: alice, source: source('Drafts', 1, { flags: ['\\Draft'] }), raw: draft },
      { archiveFolderId: alice, source: source('Sent', 1), raw: sent },
    ]);
    expect(results[0]?.address).not.toBe(results[1]?.address);
    expect(await count('archived_messages', `"message_id" = '<offer@x>'`)).toBe(2);
    expect((await env.store.get(results[0]?.address ?? '')).equals(draft)).toBe(true);
    expect((await env.store.get(results[1]?.address ?? '')).equals(sent)).toBe(true);
  });

  it('runs the caller inside the transaction: a checkpoint commits with the rows, or nothing commits', async () => {
    await env.pool.query('CREATE TABLE "test_checkpoints" ("folder" text PRIMARY KEY, "last_uid" bigint)');
    const raw = mail({ messageId: '<cp@x>', subject: 'Checkpoint', body: 'one' });
    await ingest.ingest([{ archiveFolderId: alice, source: source('CP', 1), raw }], {
      inTransaction: async (client) => {
        // The rows of this batch are visible to the caller before COMMIT.
        const seen = await client.query(`SELECT 1 FROM "archived_message_copies" WHERE "folder" = 'CP'`);
        expect(seen.rowCount).toBe(1);
        await client.query(`INSERT INTO "test_checkpoints" VALUES ('CP', 1)`);
      },
    });
    expect(await count('test_checkpoints')).toBe(1);

    const next = mail({ messageId: '<cp2@x>', subject: 'Checkpoint 2', body: 'two' });
    await expect(
      ingest.ingest([{ archiveFolderId: alice, source: source('CP', 2), raw: next }], {
        inTransaction: async (client) => {
          await client.query(`UPDATE "test_checkpoints" SET "last_uid" = 2`);
          throw new Error('checkpoint refused');
        },
      }),
    ).rejects.toThrow('checkpoint refused');
    expect(await ingest.archivedUids(alice, 'CP', 1)).toEqual([1]);
    expect((await env.pool.query('SELECT "last_uid"::int AS u FROM "test_checkpoints"')).rows).toEqual([
      { u: 1 },
    ]);
    // The blob was made durable first; it stays, unreferenced, until the retry references it.
    expect(await env.store.has(env.store.addressOf(next))).toBe(true);
    const retry = await ingest.ingest([{ archiveFolderId: alice, source: source('CP', 2), raw: next }]);
    expect(retry[0]).toMatchObject({ isNewInMailbox: true, isNewBlob: false });
  });

  it('archives a 50 MB message and returns it byte for byte', async () => {
    const attachment = randomBytes(37 * 1024 * 1024)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const raw = Buffer.from(
      [
        'From: big@example.com',
        'Subject: Fifty megabytes',
        'Message-ID: <big@x>',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'See the attached disk image.',
        '--b',
        'Content-Type: application/octet-stream; name="disk.img"',
        'Content-Disposition: attachment; filename="disk.img"',
        'Content-Transfer-Encoding: base64',
        '',
        attachment,
        '--b--',
        '',
      ].join('\r\n'),
    );
    expect(raw.length).toBeGreaterThan(50 * 1000 * 1000);
    const started = performance.now();
    const [result] = await ingest.ingest([{ archiveFolderId: alice, source: source('Big', 1), raw }]);
    const seconds = (performance.now() - started) / 1000;
    console.log(`50 MB message: ${raw.length} bytes archived in ${seconds.toFixed(2)} s`);
    expect((await env.store.get(result?.address ?? '')).equals(raw)).toBe(true);
    const row = (
      await env.pool.query(
        `SELECT "size", "attachment_names" FROM "archived_messages" WHERE "address" = $1`,
        [result?.address],
      )
    ).rows[0];
    expect(row).toEqual({ size: raw.length, attachment_names: ['disk.img'] });
  });

  it('indexes a message whose full text would break the tsvector limit', async () => {
    // 300,000 distinct words: a tsvector of all of them is several MB.
    const words = Array.from({ length: 300_000 }, (_, i) => `w${i.toString(36).padStart(6, 'q')}`).join(' ');
    await expect(env.pool.query(`SELECT length(to_tsvector('simple', $1))`, [words])).rejects.toMatchObject({
      code: '54000',
    });
    const raw = mail({ messageId: '<huge-text@x>', subject: 'Word list', body: words });
    const [result] = await ingest.ingest([{ archiveFolderId: alice, source: source('Big', 2), raw }]);
    const row = (
      await env.pool.query(
        `SELECT length("search_vector") AS lexemes, pg_column_size("search_vector") AS bytes
           FROM "archived_messages" WHERE "address" = $1`,
        [result?.address],
      )
    ).rows[0];
    expect(row.lexemes).toBeGreaterThan(SEARCH_TEXT_MAX_CHARS / 10);
    expect(row.bytes).toBeLessThan(1024 * 1024);
    const first = await env.pool.query(
      `SELECT 1 FROM "archived_messages" WHERE "search_vector" @@ to_tsquery('simple', 'wqqqqq1')`,
    );
    expect(first.rowCount).toBe(1);
  });

  it('keeps the tsvector under 1 MB for the densest text there is: distinct CJK words of one and two characters', async () => {
    const words: string[] = [];
    for (let code = 0x4e00; code <= 0x9fff; code++) words.push(String.fromCodePoint(code));
    for (let code = 0xac00; code <= 0xd7a3; code++) words.push(String.fromCodePoint(code));
    for (let i = 0; words.length < 200_000; i++) {
      words.push(String.fromCodePoint(0x4e00 + (i % 20_000), 0x4e00 + Math.floor(i / 20_000)));
    }
    const body = words.join(' ');
    expect(body.length).toBeGreaterThan(3 * SEARCH_TEXT_MAX_CHARS);
    const subject = words.slice(30_000, 40_000).join(' ');
    const raw = Buffer.from(
      `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\n` +
        'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' +
        body,
    );
    const [result] = await ingest.ingest([{ archiveFolderId: alice, source: source('Big', 3), raw }]);
    const row = (
      await env.pool.query(
        `SELECT pg_column_size("search_vector") AS bytes FROM "archived_messages" WHERE "address" = $1`,
        [result?.address],
      )
    ).rows[0];
    expect(row.bytes).toBeGreaterThan(500_000);
    expect(row.bytes).toBeLessThan(1024 * 1024);
  });

  it('keeps a malformed message: raw bytes stored, the parse error recorded', async () => {
    const nested = Array.from(
      { length: 300 },
      (_, d) => `Content-Type: multipart/mixed; boundary="n${d}"\r\n\r\n--n${d}`,
    );
    const raw = Buffer.from(
      `Subject: broken\r\nMessage-ID: <broken@x>\r\n${nested.join('\r\n')}\r\nx\u0000y`,
    );
    const [result] = await ingest.ingest([{ archiveFolderId: alice, source: source('INBOX', 99), raw }]);
    const row = (
      await env.pool.query(`SELECT "subject", "parse_error" FROM "archived_messages" WHERE "address" = $1`, [
        result?.address,
      ])
    ).rows[0];
    expect(row.subject).toBe('broken');
    expect(row.parse_error).toMatch(/nest/i);
    expect((await env.store.get(result?.address ?? '')).equals(raw)).toBe(true);
  });
});
