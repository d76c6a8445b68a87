import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchArchive, type TArchiveSearchInput } from '../src/search/archive-search.service';
import { ArchiveSearchError } from '../src/search/search-query.types';
import { createArchiveTestEnv, type TArchiveTestEnv } from './archive-fixtures';
import { insertSearchMessage } from './search-fixtures';

const NOW = new Date('2024-06-15T12:00:00.000Z');

describe('searchArchive: the query language on Postgres', () => {
  let env: TArchiveTestEnv;
  let alice: string;
  let bob: string;
  const id: Record<string, string> = {};

  const search = (input: Partial<TArchiveSearchInput> & { query: string }) =>
    searchArchive(
      { pool: env.pool, now: () => NOW },
      { archiveFolderIds: [alice], timeZone: 'UTC', ...input },
    );
  const names = async (query: string, input: Partial<TArchiveSearchInput> = {}) => {
    const result = await search({ query, ...input });
    const byId = new Map(Object.entries(id).map(([name, value]) => [value, name]));
    return result.hits.map((hit) => byId.get(hit.messageId));
  };

  beforeAll(async () => {
    env = await createArchiveTestEnv();
    alice = await env.createArchiveFolder('alice');
    bob = await env.createArchiveFolder('bob');
    id.budget = await insertSearchMessage(env.pool, {
      subject: 'Quarterly budget review',
      body: 'Please bring the pumpernickel figures for the quarterly budget. Thanks!',
      from: { name: 'Alice Smith', address: 'alice@example.com' },
      to: ['bob@example.com'],
      cc: ['carol@corp.example'],
      date: '2024-03-10T10:00:00Z',
      size: 2_000_000,
      attachments: ['budget-2024.xlsx'],
      copies: [
        { folderId: alice, folder: 'INBOX', labels: ['\\Inbox', 'Finance'] },
        { folderId: alice, folder: '[Gmail]/All Mail', labels: ['\\Inbox', 'Finance'] },
        { folderId: bob, folder: 'INBOX', labels: ['\\Inbox'] },
      ],
    });
    id.lunch = await insertSearchMessage(env.pool, {
      subject: 'Lunch on Friday',
      body: 'Soup at noon, budget permitting.',
      from: { name: 'Bob Jones', address: 'bob@example.com' },
      to: ['alice@example.com'],
      date: '2024-03-10T23:30:00Z',
      size: 600,
      copies: [{ folderId: alice, folder: 'INBOX', labels: ['My Project'], flags: [] }],
    });
    id.invoice = await insertSearchMessage(env.pool, {
      subject: 'Invoice 42',
      body: 'Amount due: 100 EUR, payable before Friday.',
      from: { name: 'Billing', address: 'billing@vendor.example' },
      date: '2023-12-31T23:30:00Z',
      size: 12 * 1024 * 1024 + 1,
      attachments: ['invoice.pdf'],
      copies: [{ folderId: alice, folder: 'Work/Clients', flags: ['\\Seen', '\\Flagged'] }],
    });
    id.undated = await insertSearchMessage(env.pool, {
      subject: 'No date here',
      body: 'Loose budget notes.',
      date: null,
      size: 5_000,
      copies: [{ folderId: alice, folder: 'Notes' }],
    });
    id.bobOnly = await insertSearchMessage(env.pool, {
      subject: 'Secret budget',
      body: "Bob's own budget.",
      from: { name: 'Bob Jones', address: 'bob@example.com' },
      date: '2024-04-01T08:00:00Z',
      copies: [{ folderId: bob, folder: 'INBOX' }],
    });
    id.ooo = await insertSearchMessage(env.pool, {
      subject: 'Away',
      body: 'I am out of office until Monday.',
      date: '2024-05-01T08:00:00Z',
      copies: [{ folderId: alice, folder: 'INBOX', labels: ['\\Inbox'] }],
    });
    id.paper = await insertSearchMessage(env.pool, {
      subject: 'Supplies',
      body: 'The office ran out of paper.',
      date: '2024-05-02T08:00:00Z',
      copies: [{ folderId: alice, folder: '[Gmail]/Sent Mail', labels: ['\\Sent'] }],
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('finds free text in the archives searched only, newest first, undated mail last', async () => {
    expect(await names('budget')).toEqual(['lunch', 'budget', 'undated']);
    expect(await names('budget', { archiveFolderIds: 'all' })).toEqual([
      'bobOnly',
      'lunch',
      'budget',
      'undated',
    ]);
    expect(await names('budget', { archiveFolderIds: [bob] })).toEqual(['bobOnly', 'budget']);
    expect(await names('BUDGET pumpernickel')).toEqual(['budget']);
    expect(await names('budget', { archiveFolderIds: [] })).toEqual([]);
  });

  it('matches phrases in order, words anywhere', async () => {
    expect(await names('"out of office"')).toEqual(['ooo']);
    expect(await names('out office')).toEqual(['paper', 'ooo']);
  });

  it('restricts words to from:, to:, cc:, subject: and filename:', async () => {
    expect(await names('from:alice')).toEqual(['paper', 'ooo', 'budget', 'undated']);
    expect(await names('from:alice@example.com subject:budget')).toEqual(['budget']);
    expect(await names('from:"alice smith" pumpernickel')).toEqual(['budget']);
    expect(await names('from:vendor.example')).toEqual(['invoice']);
    expect(await names('from:vendor')).toEqual(['invoice']);
    expect(await names('from:bob')).toEqual(['lunch']);
    expect(await names('to:alice@example.com')).toEqual(['lunch']);
    expect(await names('cc:carol')).toEqual(['budget']);
    expect(await names('cc:corp.example')).toEqual(['budget']);
    expect(await names('subject:budget')).toEqual(['budget']);
    expect(await names('subject:"quarterly budget"')).toEqual(['budget']);
    expect(await names('subject:(budget review)')).toEqual(['budget']);
    expect(await names('subject:"budget quarterly"')).toEqual([]);
    expect(await names('filename:pdf')).toEqual(['invoice']);
    expect(await names('filename:budget-2024.xlsx')).toEqual(['budget']);
    expect(await names('filename:xlsx')).toEqual(['budget']);
  });

  it('reads labels and folders (label:, in:), has:attachment, is:, larger:, smaller:', async () => {
    expect(await names('label:finance')).toEqual(['budget']);
    expect(await names('label:my-project')).toEqual(['lunch']);
    expect(await names('label:"my project"')).toEqual(['lunch']);
    expect(await names('label:work-clients')).toEqual(['invoice']);
    expect(await names('in:inbox')).toEqual(['ooo', 'lunch', 'budget']);
    expect(await names('in:sent')).toEqual(['paper']);
    expect(await names('in:inbox', { archiveFolderIds: [bob] })).toEqual(['bobOnly', 'budget']);
    expect(await names('has:attachment')).toEqual(['budget', 'invoice']);
    expect(await names('is:unread')).toEqual(['lunch']);
    expect(await names('is:starred')).toEqual(['invoice']);
    expect(await names('larger:10M')).toEqual(['invoice']);
    expect(await names('smaller:1K')).toEqual(['lunch']);
    expect(await names('larger:1M smaller:10M')).toEqual(['budget']);
  });

  it('negates and ORs', async () => {
    expect(await names('budget -lunch')).toEqual(['budget', 'undated']);
    expect(await names('budget -has:attachment')).toEqual(['lunch', 'undated']);
    expect(await names('budget -in:inbox')).toEqual(['undated']);
    expect(await names('lunch OR invoice')).toEqual(['lunch', 'invoice']);
    expect(await names('{lunch invoice} -from:billing')).toEqual(['lunch']);
    expect(await names('(subject:lunch OR filename:pdf) friday')).toEqual(['lunch', 'invoice']);
    // Only exclusions: every message in the archive but those.
    expect(await names('-budget -office')).toEqual(['invoice']);
    // An undated message is "not after" any date.
    expect(await names('-after:2000/01/01')).toEqual(['undated']);
  });

  it('starts after:/before: days in the time zone given (the server’s or the user’s)', async () => {
    // Lunch was sent 2024-03-10 23:30 UTC: still the 10th in UTC, already the 11th in Paris.
    expect(await names('after:2024/03/11')).toEqual(['paper', 'ooo']);
    expect(await names('after:2024/03/11', { timeZone: 'Europe/Paris' })).toEqual(['paper', 'ooo', 'lunch']);
    expect(await names('after:2024/03/10 before:2024/03/11')).toEqual(['lunch', 'budget']);
    expect(await names('after:2024/03/10 before:2024/03/11', { timeZone: 'Europe/Paris' })).toEqual([
      'budget',
    ]);
    // The invoice (2023-12-31 23:30 UTC) is from 2024 in Tokyo.
    expect(await names('before:2024/01/01')).toEqual(['invoice']);
    expect(await names('before:2024/01/01', { timeZone: 'Asia/Tokyo' })).toEqual([]);
    expect(await names('after:2024/01/01', { timeZone: 'America/New_York' })).not.toContain('invoice');
    expect(await names('newer_than:2m')).toEqual(['paper', 'ooo']);
    expect(await names('older_than:1y')).toEqual([]);
    expect(await names('older_than:5m')).toEqual(['invoice']);
  });

  it('returns one hit per message with its in-scope copies, labels and a highlighted snippet', async () => {
    const both = await search({ query: 'pumpernickel', archiveFolderIds: [alice, bob] });
    expect(both.count).toEqual({ value: 1, isExact: true });
    expect(both.hits).toHaveLength(1);
    const [hit] = both.hits;
    expect(hit?.archiveFolderIds.sort()).toEqual([alice, bob].sort());
    expect(hit?.copies.map((copy) => copy.folder).sort()).toEqual(['INBOX', 'INBOX', '[Gmail]/All Mail']);
    expect(hit).toMatchObject({
      messageId: id.budget,
      date: new Date('2024-03-10T10:00:00Z'),
      from: { name: 'Alice Smith', address: 'alice@example.com' },
      to: ['bob@example.com'],
      cc: ['carol@corp.example'],
      subject: 'Quarterly budget review',
      hasAttachments: true,
      size: 2_000_000,
      labels: ['\\Inbox', 'Finance'],
    });
    expect(hit?.snippet.filter((part) => part.isMatch).map((part) => part.text)).toEqual(['pumpernickel']);
    expect(hit?.snippet.map((part) => part.text).join('')).toContain('bring the pumpernickel figures');

    const own = await search({ query: 'pumpernickel' });
    expect(own.hits[0]?.copies.every((copy) => copy.archiveFolderId === alice)).toBe(true);
    expect(own.hits[0]?.folders.sort()).toEqual(['INBOX', '[Gmail]/All Mail']);
    const plain = await search({ query: 'from:alice subject:quarterly' });
    expect(plain.hits[0]?.snippet).toEqual([
      { text: 'Please bring the pumpernickel figures for the quarterly budget. Thanks!', isMatch: false },
    ]);
  });

  it('drops an archive from every search once its folder (and so its copies) is deleted', async () => {
    const gone = await env.createArchiveFolder('gone');
    id.goneOnly = await insertSearchMessage(env.pool, {
      subject: 'Vanishing budget',
      body: 'Soon gone.',
      date: '2024-06-01T08:00:00Z',
      copies: [{ folderId: gone }],
    });
    await env.pool.query(
      `INSERT INTO "archived_message_copies" ("archive_folder_id", "folder", "uid_validity", "uid", "message_address")
       VALUES ($1, 'Kept', 1, 999, $2)`,
      [gone, id.budget],
    );
    expect(await names('budget', { archiveFolderIds: 'all' })).toEqual([
      'goneOnly',
      'bobOnly',
      'lunch',
      'budget',
      'undated',
    ]);
    expect(await names('budget', { archiveFolderIds: [gone] })).toEqual(['goneOnly', 'budget']);
    await env.pool.query('DELETE FROM "archive_folders" WHERE "id" = $1', [gone]);
    expect(await names('budget', { archiveFolderIds: 'all' })).toEqual([
      'bobOnly',
      'lunch',
      'budget',
      'undated',
    ]);
    expect(await names('budget', { archiveFolderIds: [gone] })).toEqual([]);
    const folders = await env.pool.query(
      `SELECT "archive_folder_ids"::text[] AS ids FROM "archived_messages" WHERE "address" = $1`,
      [id.budget],
    );
    expect(folders.rows[0].ids.sort()).toEqual([alice, bob].sort());
  });

  it('lists everything for an empty query and refuses bad input with a clear error', async () => {
    expect(await names('')).toEqual(['paper', 'ooo', 'lunch', 'budget', 'invoice', 'undated']);
    await expect(search({ query: 'larger:lots' })).rejects.toMatchObject({
      code: 'BAD_QUERY',
      token: 'larger:lots',
    });
    await expect(search({ query: 'a', cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'BAD_CURSOR',
    });
    await expect(search({ query: 'a', timeZone: 'Nowhere/Land' })).rejects.toMatchObject({
      code: 'BAD_TIME_ZONE',
    });
    await expect(search({ query: 'a', pageSize: 0 })).rejects.toBeInstanceOf(ArchiveSearchError);
    await expect(search({ query: 'a', archiveFolderIds: ["x' OR 1=1"] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
