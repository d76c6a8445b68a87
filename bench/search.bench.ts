// Archive search at 1,000,000 messages over 1,000 archives, generated inside an embedded Postgres
// started here (packages/archive/test/search-corpus.generator.ts: skewed words and senders, ten
// years of dates). Measures searchArchive as the server calls it: a user's free text in their own
// archive, a user's from: + date range, an admin's free text across every archive, and page 1 vs
// page 50 (keyset cursor) of a date-ordered result; beside it, the naive ILIKE query on the same
// data as the same-run baseline. Last line: one JSON object with the figures.
// BENCH_MESSAGES=n and BENCH_ARCHIVES=n change the size; BENCH_RUNS=n the samples per scenario.

import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { searchArchive } from '@wac/archive';
import { defaultMigrationsDir, runMigrations, startEmbeddedPostgres } from '@wac/db';
import {
  generateSearchCorpus,
  openCorpusPool,
  rareWord,
  rebuildIndexesAround,
  type TSearchCorpus,
} from '../packages/archive/test/search-corpus.generator';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const ARCHIVES = Number(process.env.BENCH_ARCHIVES ?? 1_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const BASELINE_RUNS = Math.max(3, Math.round(RUNS / 6));
const TARGETS = { ownArchiveP95Ms: 50, adminAllArchivesP95Ms: 300 };
const NOW = new Date('2026-01-01T00:00:00.000Z');
const PAGE_SIZE = 50;
// Words a person would type: frequent ones (in tens of percent of mail), topic words (a few
// percent) and rare references (a few dozen messages in a million).
const FREE_TEXT = [
  'meeting',
  'budget',
  'invoice',
  'contract renewal',
  'server outage',
  '"project update"',
  'travel hotel',
  'payroll',
  rareWord(123),
  rareWord(4_567),
  'deadline -friday',
  'candidate OR interview',
];
const LAST_NAMES = ['smith', 'garcia', 'nguyen', 'baker', 'carter', 'lee', 'young', 'hill'];

type TStats = { p50Ms: number; p95Ms: number; meanMs: number; runs: number };

function stats(samples: number[]): TStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    meanMs: round(samples.reduce((sum, value) => sum + value, 0) / samples.length),
    runs: samples.length,
  };
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function log(line: string): void {
  console.log(`[bench:search] ${line}`);
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wac-search-bench-'));
  await chmod(dataDir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir, databaseName: 'wac_search_bench' });
  const pool = openCorpusPool(postgres.databaseUrl);
  try {
    await runMigrations({ databaseUrl: postgres.databaseUrl, migrationsDir: defaultMigrationsDir });
    const loadStart = performance.now();
    let corpus: TSearchCorpus | undefined;
    await rebuildIndexesAround(pool, ['archived_messages', 'archived_message_copies'], async () => {
      corpus = await generateSearchCorpus(pool, {
        messages: MESSAGES,
        archives: ARCHIVES,
        now: NOW,
        onProgress: (done) =>
          log(`generated ${done.toLocaleString('en')} / ${MESSAGES.toLocaleString('en')} messages`),
      });
      log('creating indexes');
    });
    await pool.query('VACUUM ANALYZE "archived_messages"');
    await pool.query('VACUUM ANALYZE "archived_message_copies"');
    const loadSeconds = Math.round((performance.now() - loadStart) / 1000);
    const size = await pool.query<{ table: string; index: string }>(
      `SELECT pg_size_pretty(pg_table_size('archived_messages')) AS "table",
              pg_size_pretty(pg_indexes_size('archived_messages')) AS "index"`,
    );
    log(`loaded in ${loadSeconds} s: table ${size.rows[0]?.table}, its indexes ${size.rows[0]?.index}`);
    const { folderIds } = corpus as TSearchCorpus;
    const deps = { pool, now: () => NOW };
    const pick = <T>(items: readonly T[], index: number) => items[index % items.length] as T;
    const search = (archiveFolderIds: string[] | 'all', query: string, cursor: string | null = null) =>
      searchArchive(deps, { archiveFolderIds, query, timeZone: 'UTC', pageSize: PAGE_SIZE, cursor });

    // Warm-up: the first queries read the indexes from disk into the page cache.
    for (let index = 0; index < 10; index++) {
      await search([pick(folderIds, index * 37)], pick(FREE_TEXT, index));
      await search('all', pick(FREE_TEXT, index));
    }

    const own: number[] = [];
    const ownFromDate: number[] = [];
    const admin: number[] = [];
    const page1: number[] = [];
    const page50: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const folder = pick(folderIds, run * 131 + 17);
      own.push(await time(() => search([folder], pick(FREE_TEXT, run))));
      const year = 2016 + (run % 7);
      ownFromDate.push(
        await time(() =>
          search([folder], `from:${pick(LAST_NAMES, run)} after:${year}/01/01 before:${year + 2}/07/01`),
        ),
      );
      admin.push(await time(() => search('all', pick(FREE_TEXT, run + 5))));
    }
    log(`own archive free text ${JSON.stringify(stats(own))}`);
    log(`own archive from: + dates ${JSON.stringify(stats(ownFromDate))}`);
    log(`all archives free text ${JSON.stringify(stats(admin))}`);

    // Date-ordered result: an admin's search for a frequent word across every archive, pages of 50.
    const pagedQueries = ['meeting', 'budget', 'invoice', 'report', 'schedule'];
    for (let run = 0; run < Math.max(5, Math.round(RUNS / 6)); run++) {
      const query = pick(pagedQueries, run);
      page1.push(await time(() => search('all', query)));
      let cursor: string | null = null;
      for (let page = 1; page < 50; page++) cursor = (await search('all', query, cursor)).nextCursor;
      if (!cursor) throw new Error(`"${query}" has fewer than 50 pages`);
      const last = cursor;
      page50.push(await time(() => search('all', query, last)));
    }
    log(`page 1 ${JSON.stringify(stats(page1))}; page 50 ${JSON.stringify(stats(page50))}`);

    // Baseline: what a naive implementation runs (substring match, newest first).
    const ilike = (scope: 'own' | 'all', word: string, folder: string) =>
      pool.query(
        `SELECT m."address", m."subject", m."date" FROM "archived_messages" m
          WHERE ${scope === 'own' ? `m."address" IN (SELECT c."message_address" FROM "archived_message_copies" c WHERE c."archive_folder_id" = $2::uuid) AND` : ''}
                (m."subject" ILIKE '%' || $1 || '%' OR m."body_preview" ILIKE '%' || $1 || '%' OR m."from_address" ILIKE '%' || $1 || '%')
          ORDER BY m."date" DESC LIMIT ${PAGE_SIZE}`,
        scope === 'own' ? [word, folder] : [word],
      );
    const baselineWords = ['invoice', 'payroll', rareWord(123), 'outage'];
    const ilikeOwn: number[] = [];
    const ilikeAll: number[] = [];
    for (let run = 0; run < BASELINE_RUNS; run++) {
      ilikeOwn.push(
        await time(() => ilike('own', pick(baselineWords, run), pick(folderIds, run * 131 + 17))),
      );
      ilikeAll.push(await time(() => ilike('all', pick(baselineWords, run), '')));
    }
    log(`ILIKE baseline own ${JSON.stringify(stats(ilikeOwn))}; all ${JSON.stringify(stats(ilikeAll))}`);

    const ownStats = stats(own);
    const adminStats = stats(admin);
    const page1Stats = stats(page1);
    const page50Stats = stats(page50);
    const page50VsPage1 = Math.round((page50Stats.p50Ms / Math.max(0.1, page1Stats.p50Ms)) * 100) / 100;
    const ownArchiveP95Ms = Math.max(ownStats.p95Ms, stats(ownFromDate).p95Ms);
    const result = {
      messages: MESSAGES,
      archives: ARCHIVES,
      loadSeconds,
      ownArchiveP95Ms,
      adminAllArchivesP95Ms: adminStats.p95Ms,
      page50VsPage1,
      ownFreeText: ownStats,
      ownFromAndDates: stats(ownFromDate),
      adminFreeText: adminStats,
      page1: page1Stats,
      page50: page50Stats,
      ilikeOwnArchive: stats(ilikeOwn),
      ilikeAllArchives: stats(ilikeAll),
      targets: { ...TARGETS, page50VsPage1: 1 },
      // "No slower" with 20% allowance for timing noise at a few milliseconds.
      isWithinTargets:
        ownArchiveP95Ms <= TARGETS.ownArchiveP95Ms &&
        adminStats.p95Ms <= TARGETS.adminAllArchivesP95Ms &&
        page50Stats.p50Ms <= page1Stats.p50Ms * 1.2 + 1,
    };
    console.log(JSON.stringify(result));
  } finally {
    await pool.end();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
