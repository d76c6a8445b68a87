// Directory sync at 100,000 users, in one run: raw paging through the Directory client, a first
// full sync (empty database to 100,000 users), a no-change resync (which must write no row) and
// a resync with 1% of users changed, against the emulator and a fresh embedded Postgres. The
// emulator and the syncing process are children of this one, so the peak RSS reported is the
// syncing process's alone. Last line: one JSON object with the figures.
import { type ChildProcess, fork } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  createPrismaClient,
  defaultMigrationsDir,
  runMigrations,
  startEmbeddedPostgres,
} from '../packages/db/src/index';
import {
  createDelegatedTokenProvider,
  createDirectoryClient,
  parseServiceAccountKey,
} from '../packages/google/src/index';

const TARGETS = { firstSyncRatio: 3, noChangeRatio: 1.5, peakRssMb: 400 };
const WRITER = 'wac-bench-sync';
const TABLES = ['users', 'archive_folders', 'folder_access'];
// V8 lets garbage pile up to a multiple of the live heap before it collects, up to a limit it
// derives from the machine's memory (about 4 GB here): uncapped, the syncing process peaks near
// 550 MB with some 150 MB actually live. It runs with the old space capped at 200 MB, as a
// server for a domain this size should (NODE_OPTIONS=--max-old-space-size=200);
// BENCH_SYNC_HEAP_MB=0 runs it with V8's default instead.
const HEAP_MB = Number(process.env.BENCH_SYNC_HEAP_MB ?? 200);

type TPrisma = ReturnType<typeof createPrismaClient>;
type TReply = Record<string, unknown> & { type: string };
type TSynced = {
  ms: number;
  counts: {
    status: string;
    createCount: number;
    updateCount: number;
    deleteCount: number;
    unchangedCount: number;
  };
  isSkipped: boolean;
  error?: string;
};

function forkChild(file: string, v8Flags: string[] = []): ChildProcess {
  return fork(fileURLToPath(new URL(file, import.meta.url)), {
    execArgv: [...v8Flags, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Sends a message (unless null) and resolves with the child's next reply of the given type. */
function ask<T extends TReply>(child: ChildProcess, message: object | null, replyType: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a bench child exited early (${code})`));
    const onMessage = (reply: TReply) => {
      if (reply.type !== replyType) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(reply as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (message) child.send(message);
  });
}

/** Rows inserted, updated or deleted in the user tables so far, by pg_stat_user_tables. */
async function tableWrites(reader: TPrisma): Promise<number> {
  // A backend's counters reach the shared statistics when it exits: wait for the sync's to go.
  for (let attempt = 0; attempt < 200; attempt++) {
    const rows = await reader.$queryRawUnsafe<{ n: bigint }[]>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1',
      WRITER,
    );
    if (Number(rows[0]?.n) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Each statement outside a transaction sees a fresh statistics snapshot.
  const rows = await reader.$queryRawUnsafe<{ n: bigint }[]>(
    'SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint AS n FROM pg_stat_user_tables WHERE relname = ANY($1::text[])',
    TABLES,
  );
  return Number(rows[0]?.n ?? 0);
}

const seconds = (ms: number) => Math.round(ms) / 1000;
const ratio = (value: number, base: number) => Math.round((value / base) * 100) / 100;

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wac-bench-sync-'));
  await chmod(dataDir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir, databaseName: 'wac_bench_sync' });
  const emulator = forkChild('./sync-bench.emulator.ts');
  const worker = forkChild('./sync-bench.worker.ts', HEAP_MB > 0 ? [`--max-old-space-size=${HEAP_MB}`] : []);
  const reader = createPrismaClient(postgres.databaseUrl);
  try {
    const [ready] = await Promise.all([
      ask<TReply & { url: string; keyJson: string; adminUser: string; summary: unknown }>(
        emulator,
        null,
        'ready',
      ),
      ask(worker, null, 'ready'),
      runMigrations({ databaseUrl: postgres.databaseUrl, migrationsDir: defaultMigrationsDir }),
    ]);
    console.log(`emulated domain: ${JSON.stringify(ready.summary)}`);
    const writerUrl = new URL(postgres.databaseUrl);
    writerUrl.searchParams.set('application_name', WRITER);
    await ask(
      worker,
      {
        type: 'config',
        config: {
          databaseUrl: postgres.databaseUrl,
          writerUrl: writerUrl.toString(),
          rootUrl: ready.url,
          keyJson: ready.keyJson,
          adminUser: ready.adminUser,
        },
      },
      'configured',
    );

    const key = parseServiceAccountKey(ready.keyJson);
    const directory = createDirectoryClient({
      tokens: createDelegatedTokenProvider({ key }),
      adminUser: ready.adminUser,
      rootUrl: ready.url,
    });
    const started = performance.now();
    let listed = 0;
    for await (const _user of directory.users()) listed += 1;
    const rawPagingMs = performance.now() - started;
    console.log(`raw paging: ${listed} users in ${seconds(rawPagingMs)} s`);

    const sync = async (label: string) => {
      const writesBefore = await tableWrites(reader);
      const result = await ask<TReply & TSynced>(worker, { type: 'sync' }, 'synced');
      if (result.error || result.isSkipped || result.counts.status !== 'SUCCEEDED') {
        throw new Error(`${label} did not succeed: ${JSON.stringify(result)}`);
      }
      const rowsWritten = (await tableWrites(reader)) - writesBefore;
      const { status: _status, ...counts } = result.counts;
      console.log(
        `${label}: ${seconds(result.ms)} s (${ratio(result.ms, rawPagingMs)}x raw paging), ` +
          `${JSON.stringify(counts)}, ${rowsWritten} rows written to ${TABLES.join('/')}`,
      );
      return { ...result, rowsWritten };
    };

    const first = await sync('first full sync');
    const noChange = await sync('no-change resync');
    const changed = await ask<TReply & { count: number }>(
      emulator,
      { type: 'change', every: 100 },
      'changed',
    );
    const onePercent = await sync(`resync with ${changed.count} users changed (1%)`);
    const { maxRssKb } = await ask<TReply & { maxRssKb: number }>(worker, { type: 'rss' }, 'rss');
    const peakRssMb = Math.round(maxRssKb / 1024);
    const heapNote = HEAP_MB > 0 ? `old space capped at ${HEAP_MB} MB` : 'V8 default heap limit';
    console.log(`peak RSS of the syncing process (${heapNote}): ${peakRssMb} MB`);

    const result = {
      users: listed,
      rawPagingSeconds: seconds(rawPagingMs),
      firstSyncSeconds: seconds(first.ms),
      firstSyncRatio: ratio(first.ms, rawPagingMs),
      noChangeResyncSeconds: seconds(noChange.ms),
      noChangeResyncRatio: ratio(noChange.ms, rawPagingMs),
      noChangeRowsWritten: noChange.rowsWritten,
      onePercentResyncSeconds: seconds(onePercent.ms),
      onePercentResyncRatio: ratio(onePercent.ms, rawPagingMs),
      onePercentUpdates: onePercent.counts.updateCount,
      peakRssMb,
      syncHeapLimitMb: HEAP_MB > 0 ? HEAP_MB : null,
      targets: TARGETS,
      isWithinTargets:
        ratio(first.ms, rawPagingMs) <= TARGETS.firstSyncRatio &&
        ratio(noChange.ms, rawPagingMs) <= TARGETS.noChangeRatio &&
        noChange.rowsWritten === 0 &&
        peakRssMb <= TARGETS.peakRssMb,
    };
    if (noChange.rowsWritten !== 0) console.log('FAIL: the no-change resync wrote rows');
    console.log(JSON.stringify(result));
    if (!result.isWithinTargets) process.exitCode = 1;
  } finally {
    await reader.$disconnect();
    emulator.send({ type: 'stop' });
    worker.send({ type: 'stop' });
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

void main();
