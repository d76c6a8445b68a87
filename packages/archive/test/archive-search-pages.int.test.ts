import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_COUNT_BOUND, searchArchive } from '../src/search/archive-search.service';
import { createArchiveTestEnv, type TArchiveTestEnv } from './archive-fixtures';
import { insertSearchMessage } from './search-fixtures';

const NOW = new Date('2026-01-01T00:00:00.000Z');

describe('searchArchive: keyset pages while mail arrives', () => {
  let env: TArchiveTestEnv;
  let folder: string;

  beforeAll(async () => {
    env = await createArchiveTestEnv();
    folder = await env.createArchiveFolder('pages');
    // 1,500 matches over ten years (past the count bound, so pages walk date windows), dates in
    // groups of three identical instants (ties broken by id), 20 undated, and 200 that do not match.
    await env.pool.query(
      `INSERT INTO "archived_messages" ("address", "size", "stored_bytes", "date", "subject", "search_vector", "archive_folder_ids")
       SELECT md5('p' || g), 100, 100,
              CASE WHEN g <= 20 THEN NULL ELSE $2::timestamp - (g / 3) * interval '2 days 7 hours' END,
              'Message ' || g,
              to_tsvector('simple', CASE WHEN g <= 1520 THEN 'common words ' || g ELSE 'other ' || g END),
              ARRAY[$1::uuid]
         FROM generate_series(1, 1720) g`,
      [folder, '2025-12-31T00:00:00.000'],
    );
    await env.pool.query(
      `INSERT INTO "archived_message_copies" ("archive_folder_id", "folder", "uid_validity", "uid", "message_address")
       SELECT $1::uuid, 'INBOX', 1, g, md5('p' || g) FROM generate_series(1, 1720) g`,
      [folder],
    );
  });
  afterAll(async () => {
    await env?.close();
  });

  async function walk(
    query: string,
    pageSize: number,
    between: (page: number, lastDate: Date | null) => Promise<void>,
  ) {
    const seen: { id: string; date: Date | null }[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 1_000; page++) {
      const result = await searchArchive(
        { pool: env.pool, now: () => NOW },
        { archiveFolderIds: [folder], query, timeZone: 'UTC', pageSize, cursor },
      );
      if (page === 0 && query === 'common')
        expect(result.count).toEqual({ value: SEARCH_COUNT_BOUND, isExact: false });
      seen.push(...result.hits.map((hit) => ({ id: hit.messageId, date: hit.date })));
      cursor = result.nextCursor;
      if (!cursor) return seen;
      await between(page, seen.at(-1)?.date ?? null);
    }
    throw new Error('too many pages');
  }

  async function expected(query: string): Promise<string[]> {
    const result = await env.pool.query<{ address: string }>(
      `SELECT "address" FROM "archived_messages" WHERE "search_vector" @@ plainto_tsquery('simple', $1)
        ORDER BY "date" DESC NULLS LAST, "address" DESC`,
      [query],
    );
    return result.rows.map((row) => row.address);
  }

  it('neither skips nor repeats while newer and older mail is archived between pages', async () => {
    const before = await expected('common');
    const added = { newer: [] as string[], behind: [] as string[] };
    const seen = await walk('common', 97, async (page, lastDate) => {
      if (page % 3 !== 0 || !lastDate) return;
      // Newer than the pages already read: belongs to a fresh search, not to this walk.
      added.newer.push(
        await insertSearchMessage(env.pool, {
          subject: 'late',
          body: 'common arrival',
          date: new Date(NOW.getTime() - page * 1000).toISOString(),
          copies: [{ folderId: folder, folder: 'Arrivals' }],
        }),
      );
      // Older than the cursor (a backfill): must show up further down this walk.
      added.behind.push(
        await insertSearchMessage(env.pool, {
          subject: 'backfill',
          body: 'common backfill',
          date: new Date(lastDate.getTime() - 3 * 86_400_000).toISOString(),
          copies: [{ folderId: folder, folder: 'Arrivals' }],
        }),
      );
    });
    const ids = seen.map((hit) => hit.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => before.includes(id))).toEqual(before);
    expect(added.behind.length).toBeGreaterThan(3);
    expect(added.behind.every((id) => ids.includes(id))).toBe(true);
    expect(added.newer.some((id) => ids.includes(id))).toBe(false);
    // Newest first throughout, undated last.
    const dates = seen.map((hit) => hit.date?.getTime() ?? Number.NEGATIVE_INFINITY);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(seen.slice(-20).every((hit) => hit.date === null)).toBe(true);
  });

  it('pages through a small result (exact count) and an empty query the same way', async () => {
    const few = await walk('1234', 1, async () => {});
    expect(few.map((hit) => hit.id)).toEqual(await expected('1234'));
    const all = await walk('', 200, async () => {});
    expect(new Set(all.map((hit) => hit.id)).size).toBe(all.length);
    const total = await env.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "archived_message_copies"`,
    );
    expect(all.length).toBe(total.rows[0]?.n);
  });
});
