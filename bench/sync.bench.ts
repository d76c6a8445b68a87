// Directory sync at 100,000 users, in one run, measured on the real server process: raw paging
// through the Directory client (here, in the bench process), then, driven over HTTP as the
// console does it, a first full sync (empty database to 100,000 users), a no-change resync (which
// must write no row) and a resync with 1% of users changed. The emulator, Postgres and the server
// are separate processes; the server runs with the product's default configuration, and its peak
// RSS (VmHWM) is read from /proc after each phase. Last line: one JSON object with the figures.
// BENCH_USERS=n (or --users n) syncs another domain size; SYNC_WORKER_MAX_HEAP_MB=n is handed to
// the server (and reported as not the default configuration). --users 1000000 holds the sync to
// issue 15's scale targets. Latency mode, --latency-ms L --domains D: every Directory request takes
// L ms, the account has D domains of even size and the optional domain scope, and the figures are
// sequential raw paging, the parallel per-domain listing alone, a first sync and a no-change resync.
// The machine's load average is reported with the figures.

import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPrismaClient, startEmbeddedPostgres } from '@wac/db';
import { listUsersByDomain } from '@wac/directory-sync';
import { createDelegatedTokenProvider, createDirectoryClient, parseServiceAccountKey } from '@wac/google';
import { DEFAULT_SYNC_WORKER_HEAP_MB } from '@wac/server';
import { createConsoleClient, type TConsoleClient, type TRunSummary } from './sync-bench.console';
import { startServerProcess, type TServerProcess } from './sync-bench.server';

const TARGETS = { firstSyncRatio: 3, noChangeRatio: 1.5, peakRssMb: 400 };
const SCALE_TARGETS = { firstSyncRatio: 2.5, noChangeRatio: 1.3, peakRssMb: 450 };
const LATENCY_TARGETS = { firstSyncVsSequentialPaging: 0.5, firstSyncVsParallelListing: 1.1 };

const { values: args } = parseArgs({
  options: {
    users: { type: 'string' },
    'latency-ms': { type: 'string' },
    domains: { type: 'string' },
  },
});
const USERS = Number(args.users ?? process.env.BENCH_USERS ?? 100_000);
const LATENCY_MS = Number(args['latency-ms'] ?? 0);
const DOMAIN_COUNT = args.domains === undefined ? null : Number(args.domains);
const isLatencyMode = LATENCY_MS > 0 || DOMAIN_COUNT !== null;
const loadAverage = () => loadavg().map((value) => Math.round(value * 100) / 100);
// The emulator's own speed, per 100,000 users: generating and loading the domain, and paging all
// users at 500 a page (a rescan per page would make the paging quadratic).
const EMULATOR_TARGETS = { setupSecondsPer100k: 8, rawPagingSecondsPer100k: 15 };
// The run's bulk reads and writes go over these connections; they close when the run ends.
const RUN_CONNECTIONS = ['wac-directory-sync-lock', 'wac-directory-sync'];
const TABLES = ['users', 'archive_folders', 'folder_access'];
const ADMIN_PASSWORD = 'bench-admin-password';
const RUN_TIMEOUT_MS = 10 * 60_000;
const STATS_SETTLE_MS = 11_000;

type TPrisma = ReturnType<typeof createPrismaClient>;
type TReply = Record<string, unknown> & { type: string };
type TEmulatorReady = TReply & {
  url: string;
  keyJson: string;
  adminUser: string;
  summary: unknown;
  setupMs: number;
};

function forkChild(file: string, env: Record<string, string> = {}): ChildProcess {
  return fork(fileURLToPath(new URL(file, import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
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
  // A backend's counters reach the shared statistics when it exits: wait for the run's to go.
  for (let attempt = 0; attempt < 200; attempt++) {
    const rows = await reader.$queryRawUnsafe<{ n: bigint }[]>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = ANY($1::text[])',
      RUN_CONNECTIONS,
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

function benchDirectory(ready: TEmulatorReady) {
  return createDirectoryClient({
    tokens: createDelegatedTokenProvider({ key: parseServiceAccountKey(ready.keyJson) }),
    adminUser: ready.adminUser,
    rootUrl: ready.url,
  });
}

/** The whole account, page after page, as one customer-wide listing. */
async function rawPaging(ready: TEmulatorReady): Promise<{ ms: number; users: number }> {
  const directory = benchDirectory(ready);
  const started = performance.now();
  let users = 0;
  for await (const _user of directory.users()) users += 1;
  return { ms: performance.now() - started, users };
}

/** The product's parallel listing alone: each domain side by side, merged, nothing else. */
async function parallelListing(ready: TEmulatorReady): Promise<{ ms: number; users: number }> {
  const directory = benchDirectory(ready);
  const started = performance.now();
  const domains = await directory.domains?.();
  if (!domains || domains.length < 2) throw new Error('the bench account does not name several domains');
  let users = 0;
  for await (const _user of listUsersByDomain(directory, domains)) users += 1;
  return { ms: performance.now() - started, users };
}

const seconds = (ms: number) => Math.round(ms) / 1000;
const ratio = (value: number, base: number) => Math.round((value / base) * 100) / 100;

type TPhase = { ms: number; runMs: number; run: TRunSummary; rowsWritten: number; peakRssMb: number };

/** Synchronize now, timed from the POST to the run's finish as the server recorded it. */
async function syncPhase(
  label: string,
  deps: { console: TConsoleClient; reader: TPrisma; server: TServerProcess; rawPagingMs: number },
): Promise<TPhase> {
  const writesBefore = await tableWrites(deps.reader);
  const requestedAt = Date.now();
  const runId = await deps.console.startSync();
  const run = await deps.console.waitForRun(runId, RUN_TIMEOUT_MS);
  if (run.status !== 'SUCCEEDED' || run.finishedAt === null) {
    throw new Error(`${label} did not succeed: ${JSON.stringify(run)}`);
  }
  // Same machine, same clock: the server's finish time less our request time is what an admin waits.
  const ms = Date.parse(run.finishedAt) - requestedAt;
  const rowsWritten = (await tableWrites(deps.reader)) - writesBefore;
  const { peakRssMb, rssMb } = await deps.server.memory();
  const { creates, updates, deletes, unchanged } = run.counts;
  console.log(
    `${label}: ${seconds(ms)} s (${ratio(ms, deps.rawPagingMs)}x raw paging; the run itself ` +
      `${seconds(run.durationMs ?? 0)} s), ${JSON.stringify({ creates, updates, deletes, unchanged })}, ` +
      `${rowsWritten} rows written to ${TABLES.join('/')}; server peak RSS so far ${peakRssMb} MB (now ${rssMb} MB)`,
  );
  return { ms, runMs: run.durationMs ?? 0, run, rowsWritten, peakRssMb };
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'wac-bench-sync-'));
  // As root, the embedded Postgres runs as `postgres`, which must be able to enter this folder.
  await chmod(workDir, 0o755);
  const emulator = forkChild('./sync-bench.emulator.ts', {
    BENCH_USERS: String(USERS),
    BENCH_LATENCY_MS: String(LATENCY_MS),
    ...(DOMAIN_COUNT === null ? {} : { BENCH_DOMAINS: String(DOMAIN_COUNT) }),
  });
  const postgres = await startEmbeddedPostgres({
    dataDir: join(workDir, 'postgres'),
    databaseName: 'wac_bench_sync',
  });
  let server: TServerProcess | undefined;
  const reader = createPrismaClient(postgres.databaseUrl);
  try {
    const ready = await ask<TEmulatorReady>(emulator, null, 'ready');
    console.log(
      `emulated domain: ${JSON.stringify(ready.summary)}, generated and loaded in ${seconds(ready.setupMs)} s`,
    );
    // Only what an operator sets; anything else (the sync worker's heap limit included) is default.
    const tuning = process.env.SYNC_WORKER_MAX_HEAP_MB;
    server = await startServerProcess({
      DATABASE_URL: postgres.databaseUrl,
      DATA_DIR: join(workDir, 'server-data'),
      SECRETS_KEY: randomBytes(32).toString('base64'),
      ADMIN_PASSWORD,
      GOOGLE_ADMIN_ROOT_URL: ready.url,
      // The emulator's token endpoint, named as configuration: a key's token_uri must be Google's or this one.
      GOOGLE_TOKEN_URI: (JSON.parse(ready.keyJson) as { token_uri: string }).token_uri,
      LOG_LEVEL: 'warn',
      ...(tuning === undefined ? {} : { SYNC_WORKER_MAX_HEAP_MB: tuning }),
    });
    const idle = await server.memory();
    const heapMb = tuning === undefined ? DEFAULT_SYNC_WORKER_HEAP_MB : Number(tuning);
    const configuration =
      tuning === undefined ? 'default configuration' : `SYNC_WORKER_MAX_HEAP_MB=${tuning}`;
    console.log(`server ready (pid ${server.pid}, ${configuration}): RSS ${idle.rssMb} MB`);

    const console_ = createConsoleClient(server.url);
    await console_.signIn('admin', ADMIN_PASSWORD);
    await console_.connectGoogle(ready.keyJson, ready.adminUser);
    await console_.saveDefaultSettings();

    // Writes of the server's pooled connections (the first admin, created at boot) can reach
    // pg_stat_user_tables up to 10 s late; counted after the first sync began, they would blur it.
    await sleep(STATS_SETTLE_MS);
    const raw = await rawPaging(ready);
    console.log(
      `raw paging: ${raw.users} users in ${seconds(raw.ms)} s (load average ${loadAverage().join(' ')})`,
    );
    const deps = { console: console_, reader, server, rawPagingMs: raw.ms };
    if (isLatencyMode) {
      const parallel = await parallelListing(ready);
      console.log(`parallel listing alone: ${parallel.users} users in ${seconds(parallel.ms)} s`);
      const first = await syncPhase('first full sync', deps);
      const noChange = await syncPhase('no-change resync', deps);
      const { peakRssMb } = await server.memory();
      const result = {
        mode: 'latency',
        users: raw.users,
        latencyMs: LATENCY_MS,
        domains: DOMAIN_COUNT,
        sequentialPagingSeconds: seconds(raw.ms),
        parallelListingSeconds: seconds(parallel.ms),
        firstSyncSeconds: seconds(first.ms),
        firstSyncVsSequentialPaging: ratio(first.ms, raw.ms),
        firstSyncVsParallelListing: ratio(first.ms, parallel.ms),
        noChangeResyncSeconds: seconds(noChange.ms),
        noChangeResyncVsSequentialPaging: ratio(noChange.ms, raw.ms),
        noChangeResyncVsParallelListing: ratio(noChange.ms, parallel.ms),
        noChangeRowsWritten: noChange.rowsWritten,
        peakRssMb,
        loadAverage: loadAverage(),
        targets: LATENCY_TARGETS,
        isWithinTargets:
          ratio(first.ms, raw.ms) <= LATENCY_TARGETS.firstSyncVsSequentialPaging &&
          ratio(first.ms, parallel.ms) <= LATENCY_TARGETS.firstSyncVsParallelListing &&
          noChange.rowsWritten === 0,
      };
      console.log(JSON.stringify(result));
      if (!result.isWithinTargets) process.exitCode = 1;
      return;
    }

    const first = await syncPhase('first full sync', deps);
    const noChange = await syncPhase('no-change resync', deps);
    const changed = await ask<TReply & { count: number }>(
      emulator,
      { type: 'change', every: 100 },
      'changed',
    );
    const onePercent = await syncPhase(`resync with ${changed.count} users changed (1%)`, deps);
    const { peakRssMb } = await server.memory();
    console.log(`peak RSS of the server process: ${peakRssMb} MB`);

    const per100k = raw.users / 100_000;
    const emulatorTargets = {
      setupSeconds: Math.round(EMULATOR_TARGETS.setupSecondsPer100k * per100k * 100) / 100,
      rawPagingSeconds: Math.round(EMULATOR_TARGETS.rawPagingSecondsPer100k * per100k * 100) / 100,
    };
    const isEmulatorWithinTargets =
      seconds(ready.setupMs) <= emulatorTargets.setupSeconds &&
      seconds(raw.ms) <= emulatorTargets.rawPagingSeconds;
    if (!isEmulatorWithinTargets) console.log('FAIL: the emulator is slower than its targets');
    const targets = raw.users >= 1_000_000 ? SCALE_TARGETS : TARGETS;
    const result = {
      mode: raw.users >= 1_000_000 ? 'scale' : 'default',
      users: raw.users,
      emulatorSetupSeconds: seconds(ready.setupMs),
      rawPagingSeconds: seconds(raw.ms),
      firstSyncSeconds: seconds(first.ms),
      firstSyncRatio: ratio(first.ms, raw.ms),
      firstSyncRunSeconds: seconds(first.runMs),
      noChangeResyncSeconds: seconds(noChange.ms),
      noChangeResyncRatio: ratio(noChange.ms, raw.ms),
      noChangeRowsWritten: noChange.rowsWritten,
      onePercentResyncSeconds: seconds(onePercent.ms),
      onePercentResyncRatio: ratio(onePercent.ms, raw.ms),
      onePercentUpdates: onePercent.run.counts.updates,
      idleRssMb: idle.rssMb,
      peakRssMbAfterPhase: [first.peakRssMb, noChange.peakRssMb, onePercent.peakRssMb],
      peakRssMb,
      syncWorkerMaxHeapMb: heapMb,
      isDefaultConfiguration: tuning === undefined,
      loadAverage: loadAverage(),
      targets: { ...targets, emulator: emulatorTargets },
      isWithinTargets:
        isEmulatorWithinTargets &&
        ratio(first.ms, raw.ms) <= targets.firstSyncRatio &&
        ratio(noChange.ms, raw.ms) <= targets.noChangeRatio &&
        noChange.rowsWritten === 0 &&
        peakRssMb <= targets.peakRssMb,
    };
    if (noChange.rowsWritten !== 0) console.log('FAIL: the no-change resync wrote rows');
    console.log(JSON.stringify(result));
    if (!result.isWithinTargets) process.exitCode = 1;
  } finally {
    await reader.$disconnect();
    await server?.stop();
    emulator.send({ type: 'stop' });
    await postgres.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

void main();
