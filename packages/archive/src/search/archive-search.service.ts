import type pg from 'pg';
import { decodeSearchCursor, encodeSearchCursor, type TSearchCursor } from './search-cursor';
import { readSearchHits, type TArchiveSearchHit } from './search-hits.reader';
import { parseSearchQuery } from './search-query.parser';
import { ArchiveSearchError } from './search-query.types';
import { compileSearch, type TCompiledSearch, type TSearchScope, toUtcTimestamp } from './search-sql.builder';

export type TArchiveSearchDeps = {
  /** Anything that lends pg clients (a pg.Pool); one client per search, in one read-only snapshot. */
  pool: Pick<pg.Pool, 'connect'>;
  /** The clock for older_than:/newer_than: and the first date window. */
  now?: () => Date;
};

export type TArchiveSearchInput = {
  /** The archives the caller may read (checked by the caller), or 'all' for admins and auditors. */
  archiveFolderIds: string[] | 'all';
  /** Gmail's search language; empty lists every message, newest first. */
  query: string;
  /** IANA zone that after:/before: days start in: the user's, else the server's. */
  timeZone: string;
  /** Hits per page, 1-200; default 50. */
  pageSize?: number;
  /** nextCursor of the previous page; absent for the first. */
  cursor?: string | null;
  /** Cancels a search running longer than this; default 15 s. */
  statementTimeoutMs?: number;
};

export type TArchiveSearchResult = {
  /** Newest first (by the Date header, then id); undated messages last. */
  hits: TArchiveSearchHit[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Matching messages in the archives searched: exact up to SEARCH_COUNT_BOUND, then "more than". */
  count: { value: number; isExact: boolean };
};

/** Matches counted exactly; past it the count reads "more than 1,000" (counting all could take seconds). */
export const SEARCH_COUNT_BOUND = 1_000;
export const SEARCH_MAX_PAGE_SIZE = 200;
const DEFAULT_PAGE_SIZE = 50;

/**
 * Date windows walked back from the cursor (or now) when the matches are many: each window is one
 * bitmap scan of the GIN index ANDed with the date index, so a common word costs the matches of a
 * month, not of ten years, and a rare word finds its few matches in the last, open-ended window.
 */
const WINDOW_DAYS = [30, 240, 1_920];
const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const BITMAP_ONLY_SQL =
  'SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off;';

type TPageRow = { address: string; date: string | null };

/**
 * Searches archived mail the way Gmail users search (see parseSearchQuery for the language).
 * Access control is the caller's: pass only archive folders the user may read. One hit per
 * message however many copies the searched archives hold; keyset pages on (date, id), so a page
 * costs the same at any depth and mail archived between pages is neither repeated nor skipped
 * (older mail archived meanwhile shows up on later pages, in its place).
 * Throws ArchiveSearchError (BAD_QUERY naming the token, BAD_CURSOR, BAD_TIME_ZONE, BAD_REQUEST).
 */
export async function searchArchive(
  deps: TArchiveSearchDeps,
  input: TArchiveSearchInput,
): Promise<TArchiveSearchResult> {
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > SEARCH_MAX_PAGE_SIZE) {
    throw new ArchiveSearchError(
      'BAD_REQUEST',
      `pageSize must be a whole number from 1 to ${SEARCH_MAX_PAGE_SIZE}.`,
    );
  }
  const scope = toScope(input.archiveFolderIds);
  const now = deps.now?.() ?? new Date();
  const node = parseSearchQuery(input.query, { timeZone: input.timeZone, now });
  const cursor = input.cursor ? decodeSearchCursor(input.cursor) : null;
  if (scope.kind === 'folders' && scope.ids.length === 0) {
    return { hits: [], nextCursor: null, count: { value: 0, isExact: true } };
  }
  const compiled = compileSearch(node, scope);

  const client = await deps.pool.connect();
  try {
    // One round trip: the snapshot, a time limit and, when the GIN index can find every match,
    // bitmap plans only. With ORDER BY date LIMIT n the planner may otherwise walk the date index
    // and test every message against the query, which takes seconds when matches are rare.
    const timeoutMs = Math.max(1, Math.floor(input.statementTimeoutMs ?? 15_000));
    await client.query(
      `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = ${timeoutMs};` +
        (compiled.isIndexed ? ` ${BITMAP_ONLY_SQL}` : ''),
    );
    const count = await countMatches(client, compiled);
    const rows = await readPage(client, compiled, cursor, pageSize + 1, !count.isExact, now);
    // The hits are then read by primary key, which bitmap plans do as well: no RESET round trip.
    const page = rows.slice(0, pageSize);
    const hits = await readSearchHits(
      client,
      page.map((row) => row.address),
      scope,
      compiled.headlineTerms,
    );
    await client.query('COMMIT');
    const last = page.at(-1);
    return {
      hits,
      nextCursor: rows.length > pageSize && last ? encodeSearchCursor(last) : null,
      count,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function toScope(archiveFolderIds: string[] | 'all'): TSearchScope {
  if (archiveFolderIds === 'all') return { kind: 'all' };
  const bad = archiveFolderIds.find((id) => !UUID.test(id));
  if (bad !== undefined) throw new ArchiveSearchError('BAD_REQUEST', `"${bad}" is not an archive folder id.`);
  return { kind: 'folders', ids: [...new Set(archiveFolderIds.map((id) => id.toLowerCase()))] };
}

async function countMatches(
  client: pg.ClientBase,
  compiled: TCompiledSearch,
): Promise<TArchiveSearchResult['count']> {
  const result = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM "archived_messages" m WHERE ${compiled.where} LIMIT ${SEARCH_COUNT_BOUND + 1}) AS matches`,
    compiled.params,
  );
  const n = result.rows[0]?.n ?? 0;
  return { value: Math.min(n, SEARCH_COUNT_BOUND), isExact: n <= SEARCH_COUNT_BOUND };
}

/**
 * Up to `limit` matches after the cursor, newest first. Dated mail first: in one query when the
 * matches are few (or the date index itself is the plan), else window by window; then undated
 * mail by id.
 */
async function readPage(
  client: pg.ClientBase,
  compiled: TCompiledSearch,
  cursor: TSearchCursor | null,
  limit: number,
  isManyMatches: boolean,
  now: Date,
): Promise<TPageRow[]> {
  const rows: TPageRow[] = [];
  if (cursor === null || cursor.date !== null) {
    const windows =
      compiled.isIndexed && isManyMatches ? dateWindows(cursor?.date ?? toUtcTimestamp(now)) : [{}];
    for (const window of windows) {
      rows.push(...(await readDated(client, compiled, cursor, window, limit - rows.length)));
      if (rows.length >= limit) return rows;
    }
  }
  rows.push(
    ...(await readUndated(
      client,
      compiled,
      cursor?.date === null ? cursor.address : null,
      limit - rows.length,
    )),
  );
  return rows;
}

type TWindow = { from?: string; before?: string };

/** [from, before) ranges walking back from `anchor`; the first is open towards the future. */
function dateWindows(anchor: string): TWindow[] {
  const anchorMs = new Date(`${anchor}Z`).getTime();
  const bounds = WINDOW_DAYS.map((days) => toUtcTimestamp(new Date(anchorMs - days * DAY_MS)));
  return [...bounds.map((from, index) => ({ from, before: bounds[index - 1] })), { before: bounds.at(-1) }];
}

async function readDated(
  client: pg.ClientBase,
  compiled: TCompiledSearch,
  cursor: TSearchCursor | null,
  window: TWindow,
  limit: number,
): Promise<TPageRow[]> {
  const params = [...compiled.params];
  const param = (value: unknown, cast: string) => {
    params.push(value);
    return `$${params.length}${cast}`;
  };
  const conditions = [compiled.where, 'm."date" IS NOT NULL'];
  if (cursor?.date) {
    const date = param(cursor.date, '::timestamp');
    // The plain bound lets a bitmap scan of the date index take part; the row comparison is exact.
    conditions.push(
      `m."date" <= ${date}`,
      `(m."date", m."address") < (${date}, ${param(cursor.address, '::text')})`,
    );
  }
  if (window.from) conditions.push(`m."date" >= ${param(window.from, '::timestamp')}`);
  if (window.before) conditions.push(`m."date" < ${param(window.before, '::timestamp')}`);
  const result = await client.query<TPageRow>(
    `SELECT m."address", to_char(m."date", 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS "date"
       FROM "archived_messages" m
      WHERE ${conditions.join(' AND ')}
      ORDER BY m."date" DESC, m."address" DESC
      LIMIT ${limit}`,
    params,
  );
  return result.rows;
}

async function readUndated(
  client: pg.ClientBase,
  compiled: TCompiledSearch,
  afterAddress: string | null,
  limit: number,
): Promise<TPageRow[]> {
  const params = [...compiled.params];
  let condition = '';
  if (afterAddress !== null) {
    params.push(afterAddress);
    condition = ` AND m."address" < $${params.length}::text`;
  }
  const result = await client.query<{ address: string }>(
    `SELECT m."address" FROM "archived_messages" m
      WHERE ${compiled.where} AND m."date" IS NULL${condition}
      ORDER BY m."address" DESC
      LIMIT ${limit}`,
    params,
  );
  return result.rows.map((row) => ({ address: row.address, date: null }));
}
