import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchArchive } from '../src/search/archive-search.service';
import { createArchiveTestEnv, type TArchiveTestEnv } from './archive-fixtures';
import { generateSearchCorpus, rareWord, rebuildIndexesAround } from './search-corpus.generator';

const NOW = new Date('2026-01-01T00:00:00.000Z');
const MESSAGES = 200_000;

type TPlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: TPlanNode[];
};
type TRecordedPlan = { sql: string; nodes: TPlanNode[] };

function flatten(node: TPlanNode): TPlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

/**
 * A pool whose clients EXPLAIN each search statement (those that filter with the search index's
 * operators) before running it, under the same transaction and settings as the real run: the plans
 * recorded are the plans the search used.
 */
function explainingPool(pool: pg.Pool, plans: TRecordedPlan[]): Pick<pg.Pool, 'connect'> {
  return {
    connect: (async () => {
      const client = await pool.connect();
      const query = client.query.bind(client) as (sql: string, params?: unknown[]) => Promise<pg.QueryResult>;
      const explaining = async (sql: string, params?: unknown[]) => {
        if (typeof sql === 'string' && /^\s*SELECT/.test(sql) && /@@|"archive_folder_ids" &&/.test(sql)) {
          const result = await query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
          const plan = (result.rows[0] as { 'QUERY PLAN': { Plan: TPlanNode }[] })['QUERY PLAN'][0]?.Plan;
          if (plan) plans.push({ sql, nodes: flatten(plan) });
        }
        return query(sql, params);
      };
      return Object.assign(Object.create(client), {
        query: explaining,
        release: client.release.bind(client),
      });
    }) as pg.Pool['connect'],
  };
}

describe(`searchArchive plans on ${MESSAGES.toLocaleString('en')} messages`, () => {
  let env: TArchiveTestEnv;
  let ownFolder: string;

  beforeAll(async () => {
    env = await createArchiveTestEnv();
    await rebuildIndexesAround(env.pool, ['archived_messages', 'archived_message_copies'], async () => {
      await generateSearchCorpus(env.pool, {
        messages: MESSAGES,
        archives: 200,
        now: NOW,
        chunk: 50_000,
      });
    });
    await env.pool.query('ANALYZE "archived_messages"; ANALYZE "archived_message_copies"');
    // A mailbox holding the rare word (one in three holds none); common words are in every mailbox.
    const holder = await env.pool.query<{ id: string }>(
      `SELECT "archive_folder_ids"[1]::text AS id FROM "archived_messages"
        WHERE "search_vector" @@ plainto_tsquery('simple', $1) LIMIT 1`,
      [rareWord(123)],
    );
    ownFolder = holder.rows[0]?.id as string;
  }, 600_000);
  afterAll(async () => {
    await env?.close();
  });

  async function plansOf(query: string, archiveFolderIds: string[] | 'all', pages = 2) {
    const plans: TRecordedPlan[] = [];
    const deps = { pool: explainingPool(env.pool, plans), now: () => NOW };
    let cursor: string | null = null;
    for (let page = 0; page < pages; page++) {
      const result = await searchArchive(deps, {
        archiveFolderIds,
        query,
        timeZone: 'UTC',
        pageSize: 50,
        cursor,
      });
      expect(result.hits.length).toBeGreaterThan(0);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return plans;
  }

  function expectIndexedPlans(plans: TRecordedPlan[]): void {
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) {
      const onMessages = plan.nodes.filter((node) => node['Relation Name'] === 'archived_messages');
      const described = `${plan.nodes.map((node) => `${node['Node Type']} ${node['Index Name'] ?? node['Relation Name'] ?? ''}`).join(', ')} for ${plan.sql.replace(/\s+/g, ' ')}`;
      // Never a walk of the date index or of the whole table.
      expect(
        onMessages.every((node) => node['Node Type'] === 'Bitmap Heap Scan'),
        described,
      ).toBe(true);
      expect(
        plan.nodes.some((node) => node['Node Type'] === 'Seq Scan'),
        described,
      ).toBe(false);
      // Dated matches are always found through the full-text (GIN) index. (Undated mail, listed
      // last, may be found through the date index's NULL entries: a lookup, not a walk.)
      if (!plan.sql.includes('"date" IS NULL')) {
        expect(
          plan.nodes.some(
            (node) =>
              node['Node Type'] === 'Bitmap Index Scan' &&
              node['Index Name'] === 'archived_messages_search_idx',
          ),
          described,
        ).toBe(true);
      }
    }
  }

  // The corpus is random: a mailbox that holds the rare word may hold no match for a phrase, so the
  // own-archive cases search the mailbox of some message that matches the query.
  async function ownFolderFor(query: string): Promise<string> {
    const found = await searchArchive(
      { pool: env.pool, now: () => NOW },
      { archiveFolderIds: 'all', query, timeZone: 'UTC', pageSize: 1, cursor: null },
    );
    return found.hits[0]?.archiveFolderIds[0] ?? ownFolder;
  }

  it.each([
    ['a common word', 'meeting'],
    ['a topic word', 'invoice'],
    ['a rare word', rareWord(123)],
    ['two words and a phrase', 'budget "project update"'],
    ['from: and a date range', `from:smith after:2020/01/01 before:2023/01/01`],
    ['an empty query (every message)', ''],
  ])("a user's own archive, %s, uses the GIN index on every page", async (_label, query) => {
    expectIndexedPlans(await plansOf(query, [await ownFolderFor(query)]));
  });

  it.each([
    ['a common word', 'meeting'],
    ['a topic word', 'invoice'],
    ['a rare word', rareWord(123)],
    ['from: and a date range', `from:smith after:2020/01/01 before:2023/01/01`],
  ])('every archive, %s, uses the GIN index on every page', async (_label, query) => {
    expectIndexedPlans(await plansOf(query, 'all'));
  });

  it('would walk the date index without the bitmap-only settings (the trap this avoids)', async () => {
    const client = await env.pool.connect();
    try {
      const result = await client.query(
        `EXPLAIN (FORMAT JSON) SELECT m."address" FROM "archived_messages" m
          WHERE m."search_vector" @@ plainto_tsquery('simple', '${rareWord(123)}') AND m."date" IS NOT NULL
          ORDER BY m."date" DESC, m."address" DESC LIMIT 51`,
      );
      const nodes = flatten(
        (result.rows[0] as { 'QUERY PLAN': { Plan: TPlanNode }[] })['QUERY PLAN'][0]?.Plan as TPlanNode,
      );
      // Recorded, not required: what the planner picks unaided depends on its estimates.
      console.info(
        `unaided plan: ${nodes.map((node) => `${node['Node Type']} ${node['Index Name'] ?? ''}`).join(' > ')}`,
      );
    } finally {
      client.release();
    }
  });
});
