// Mail archiving, measured on the real server process against one real Dovecot, in one run:
// raw fetch (imapflow alone) and mbsync as yardsticks, then, driven over HTTP as the console does
// it (Run now, then the run's report), the product's first run of a 20,000-message mailbox, an
// incremental run with nothing new, one after 100 new messages, 20 mailboxes of 1,000 at the
// default concurrency, the stored/raw byte ratio, and the server's peak RSS over its idle RSS for
// a 5,000- and the 20,000-message mailbox (each on a freshly started server, VmHWM from /proc).
// `--messages n` sizes the big mailbox (the 5,000 one is n/4, the 20 small ones n/20 each).
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPrismaClient, startEmbeddedPostgres } from '@wac/db';
import { createDelegatedTokenProvider, GOOGLE_SCOPES, parseServiceAccountKey } from '@wac/google';
import { CONNECTOR_SCOPES, startEmulator } from '@wac/google-workspace-emulator';
import { startDovecot } from '../packages/mail/test/support/dovecot.server';
import { mbsyncPull, rawFetch, type TPull } from './archive-bench.baselines';
import { createArchiveConsole, type TArchiveRun } from './archive-bench.console';
import { handMaildirsToDovecot, seedMaildir, type TSeeded } from './archive-bench.maildir';
import { createConsoleClient } from './sync-bench.console';
import { startServerProcess, type TServerProcess } from './sync-bench.server';

const TARGETS = {
  durableVsMbsync: 1.0,
  searchableVsMbsync: 1.5,
  incrementalNothingNewSeconds: 0.3,
  peakRssOverIdleMb: 200,
  /** 5,000 and 20,000 messages within ±10% of each other: memory does not grow with the mailbox. */
  peakRssSpread: 0.1,
};
const ADMIN_PASSWORD = 'bench-admin-password';
const PLAIN_PASSWORD = 'bench-mbsync-password';
const DOMAIN = 'bench.example';
const RUN_TIMEOUT_MS = 60 * 60_000;
const SMALL_MAILBOXES = 20;
const NEW_MESSAGES = 100;

type TPrisma = ReturnType<typeof createPrismaClient>;

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 20) throw new Error(`--${name} must be a whole number >= 20`);
  return value;
}

const seconds = (ms: number) => Math.round(ms) / 1000;
const ratio = (value: number, base: number) => Math.round((value / base) * 100) / 100;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000 * 10) / 10;

async function main(): Promise<void> {
  const bigSize = argument('messages', 20_000);
  const midSize = Math.max(20, Math.round(bigSize / 4));
  const smallSize = Math.max(20, Math.round(bigSize / 20));
  const big = `big@${DOMAIN}`;
  const mid = `mid@${DOMAIN}`;
  const small = Array.from(
    { length: SMALL_MAILBOXES },
    (_, i) => `box${String(i + 1).padStart(2, '0')}@${DOMAIN}`,
  );

  const workDir = await mkdtemp(join(tmpdir(), 'wac-bench-archive-'));
  // As root, the embedded Postgres runs as `postgres`, which must be able to enter this folder.
  await chmod(workDir, 0o755);
  const postgres = await startEmbeddedPostgres({
    dataDir: join(workDir, 'postgres'),
    databaseName: 'wac_bench_archive',
  });
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    fixture: {
      customerId: 'C0bench',
      domains: [DOMAIN],
      users: ['admin', 'big', 'mid', ...small.map((email) => email.split('@')[0]!)].map((name) => ({
        primaryEmail: `${name}@${DOMAIN}`,
        givenName: name,
        familyName: 'Bench',
        ...(name === 'admin' ? { isAdmin: true } : {}),
      })),
      groups: [],
    },
  });
  const key = emulator.createServiceAccountKey({ delegatedScopes: [...CONNECTOR_SCOPES] });
  const tokens = createDelegatedTokenProvider({ key: parseServiceAccountKey(key.json) });
  const dovecot = await startDovecot({ tokenInfoOrigin: emulator.url, plainPassword: PLAIN_PASSWORD });
  const reader = createPrismaClient(postgres.databaseUrl);
  let server: TServerProcess | undefined;
  try {
    // 1. The mailboxes, written straight into Dovecot's Maildirs.
    const started = performance.now();
    const seededBig = await seedMaildir({
      maildir: dovecot.maildirOf(big),
      user: big,
      from: 0,
      count: bigSize,
      mailboxSize: bigSize,
    });
    const seededMid = await seedMaildir({
      maildir: dovecot.maildirOf(mid),
      user: mid,
      from: 0,
      count: midSize,
      mailboxSize: midSize,
    });
    const seededSmall: TSeeded[] = [];
    for (const user of small)
      seededSmall.push(
        await seedMaildir({
          maildir: dovecot.maildirOf(user),
          user,
          from: 0,
          count: smallSize,
          mailboxSize: smallSize,
        }),
      );
    handMaildirsToDovecot(join(dovecot.dir, 'home'));
    console.log(
      `seeded in ${seconds(performance.now() - started)} s: ${describeSeed(big, seededBig)}; ${describeSeed(mid, seededMid)}; ` +
        `${SMALL_MAILBOXES} x ${smallSize} messages (${mb(sum(seededSmall.map((s) => s.bytes)))} MB)`,
    );
    const accessToken = async (user: string) =>
      (await tokens.getAccessToken(user, [GOOGLE_SCOPES.mail])).accessToken;
    const imap = { host: dovecot.host, port: dovecot.port };

    // Dovecot builds its indexes on a folder's first SELECT; every contender below finds them built.
    for (const user of [big, mid, ...small])
      await rawFetch({ ...imap, user, accessToken: await accessToken(user), sizesOnly: true });

    // 2. The yardsticks.
    const raw = await rawFetch({ ...imap, user: big, accessToken: await accessToken(big) });
    console.log(`raw fetch (imapflow alone, bodies discarded): ${describePull(raw)}`);
    const mbsync = await mbsyncPull({ ...imap, user: big, password: PLAIN_PASSWORD, workDir });
    console.log(`mbsync (isync, default FSync yes) into an empty Maildir: ${describePull(mbsync)}`);

    // 3. The product, on the real server process: a 5,000-message mailbox on a fresh server.
    const serverEnv = {
      DATABASE_URL: postgres.databaseUrl,
      DATA_DIR: join(workDir, 'server-data'),
      SECRETS_KEY: randomBytes(32).toString('base64'),
      ADMIN_PASSWORD,
      GOOGLE_ADMIN_ROOT_URL: emulator.url,
      // The one token endpoint besides Google's that the server trusts a key's token_uri to name.
      GOOGLE_TOKEN_URI: `${emulator.url}/token`,
      IMAP_HOST: dovecot.host,
      IMAP_PORT: String(dovecot.port),
      IMAP_TLS: 'false',
      LOG_LEVEL: 'warn',
    };
    server = await startServerProcess(serverEnv);
    let console_ = createConsoleClient(server.url);
    await console_.signIn('admin', ADMIN_PASSWORD);
    await console_.connectGoogle(key.json, `admin@${DOMAIN}`);
    await console_.saveDefaultSettings();
    const sync = await console_.waitForRun(await console_.startSync(), 120_000);
    if (sync.status !== 'SUCCEEDED')
      throw new Error(`directory sync did not succeed: ${JSON.stringify(sync)}`);
    const ids = await userIds(reader);
    let archive = createArchiveConsole(console_);
    const idleMid = await settledMemory(server);
    const midRun = await archivePhase(
      `first run, ${midSize}-message mailbox (fresh server)`,
      archive,
      server,
      [ids.get(mid)!],
      seededMid,
    );
    const midPeakOverIdle = midRun.peakRssMb - idleMid.rssMb;
    console.log(
      `  server RSS idle ${idleMid.rssMb} MB, peak ${midRun.peakRssMb} MB: peak over idle ${midPeakOverIdle} MB`,
    );
    await server.stop();

    // 4. The 20,000-message mailbox on another fresh server (VmHWM only ever grows).
    server = await startServerProcess(serverEnv);
    console_ = createConsoleClient(server.url);
    await console_.signIn('admin', ADMIN_PASSWORD);
    archive = createArchiveConsole(console_);
    const idleBig = await settledMemory(server);
    const first = await archivePhase(
      `first run, ${bigSize}-message mailbox`,
      archive,
      server,
      [ids.get(big)!],
      seededBig,
    );
    const bigPeakOverIdle = first.peakRssMb - idleBig.rssMb;
    console.log(
      `  server RSS idle ${idleBig.rssMb} MB, peak ${first.peakRssMb} MB: peak over idle ${bigPeakOverIdle} MB`,
    );
    const unindexed = await unsearchable(reader);
    // The ingest writes each message's tsvector in the transaction that commits its row: searchable
    // when durable. Checked, not assumed: no archived row may lack its search vector.
    if (unindexed !== 0)
      throw new Error(`${unindexed} archived messages have no search vector after the run`);
    console.log(
      `  searchable: every archived row has its tsvector when the run finishes (filled in the same transaction), so searchable = durable`,
    );
    console.log(
      `  durable ${ratio(first.ms, mbsync.ms)}x mbsync, ${ratio(first.ms, raw.ms)}x raw fetch; ` +
        `${rate(first.messages, first.ms)} messages/s, ${rate(mb(first.bytes), first.ms)} MB/s`,
    );

    const nothingNew = await archivePhase('incremental run, nothing new', archive, server, [ids.get(big)!], {
      messages: 0,
      copies: 0,
      bytes: 0,
      copyBytes: 0,
    });
    const fresh = await seedMaildir({
      maildir: dovecot.maildirOf(big),
      user: big,
      from: bigSize,
      count: NEW_MESSAGES,
      mailboxSize: bigSize,
      fresh: true,
    });
    handMaildirsToDovecot(dovecot.maildirOf(big));
    const hundred = await archivePhase(
      `incremental run after ${NEW_MESSAGES} new messages`,
      archive,
      server,
      [ids.get(big)!],
      fresh,
    );

    const smallSeeded = {
      messages: sum(seededSmall.map((s) => s.messages)),
      copies: sum(seededSmall.map((s) => s.copies)),
      bytes: sum(seededSmall.map((s) => s.bytes)),
      copyBytes: sum(seededSmall.map((s) => s.copyBytes)),
    };
    const smallIds = small.map((user) => ids.get(user)!);
    const many = await archivePhase(
      `${SMALL_MAILBOXES} mailboxes of ${smallSize} (default concurrency)`,
      archive,
      server,
      smallIds,
      smallSeeded,
    );
    const manyNothingNew = await archivePhase(
      `${SMALL_MAILBOXES} mailboxes, nothing new`,
      archive,
      server,
      smallIds,
      { messages: 0, copies: 0, bytes: 0, copyBytes: 0 },
    );
    const { peakRssMb } = await server.memory();

    const storage = await storedBytes(reader);
    console.log(
      `stored ${mb(storage.stored)} MB of blobs for ${mb(storage.raw)} MB of distinct messages: ${ratio(storage.stored, storage.raw)}; ` +
        `archived_messages + copies in Postgres ${mb(storage.tables)} MB`,
    );

    const durableVsMbsync = ratio(first.ms, mbsync.ms);
    const incrementalNothingNewSeconds = seconds(
      Math.max(...nothingNew.run.items.map((item) => item.durationMs ?? 0)),
    );
    const spread =
      Math.abs(bigPeakOverIdle - midPeakOverIdle) / Math.max(bigPeakOverIdle, midPeakOverIdle, 1);
    const result = {
      measuredThrough: 'server process (Run now over HTTP)',
      messages: bigSize,
      distinctMessagesMb: mb(seededBig.bytes),
      copiesInSecondFolder: seededBig.copies,
      rawFetchSeconds: seconds(raw.ms),
      rawFetchMessages: raw.messages,
      mbsyncSeconds: seconds(mbsync.ms),
      mbsyncMessages: mbsync.messages,
      durableSeconds: seconds(first.ms),
      durableMessagesPerSecond: rate(first.messages, first.ms),
      durableMbPerSecond: rate(mb(first.bytes), first.ms),
      searchableSeconds: seconds(first.ms),
      searchableEqualsDurable: true,
      durableVsMbsync,
      searchableVsMbsync: durableVsMbsync,
      durableVsRawFetch: ratio(first.ms, raw.ms),
      incrementalNothingNewSeconds,
      incrementalNothingNewRunSeconds: seconds(nothingNew.ms),
      incrementalHundredNewSeconds: seconds(hundred.ms),
      incrementalHundredNewMailboxSeconds: seconds(hundred.run.items[0]?.durationMs ?? 0),
      smallMailboxes: SMALL_MAILBOXES,
      smallMailboxMessages: smallSize,
      smallMailboxesSeconds: seconds(many.ms),
      smallMailboxesMessagesPerSecond: rate(many.messages, many.ms),
      smallMailboxesNothingNewSecondsPerMailbox: seconds(manyNothingNew.ms / SMALL_MAILBOXES),
      smallMailboxesNothingNewMaxMailboxSeconds: seconds(
        Math.max(...manyNothingNew.run.items.map((item) => item.durationMs ?? 0)),
      ),
      storedOverRaw: ratio(storage.stored, storage.raw),
      postgresMbPerThousandMessages: Math.round((mb(storage.tables) / (storage.rows / 1000)) * 100) / 100,
      idleRssMb5k: idleMid.rssMb,
      peakRssMb5k: midRun.peakRssMb,
      idleRssMb20k: idleBig.rssMb,
      peakRssMb20k: first.peakRssMb,
      peakRssOverIdleMb5k: midPeakOverIdle,
      peakRssOverIdleMb20k: bigPeakOverIdle,
      peakRssSpread: Math.round(spread * 100) / 100,
      serverPeakRssMbEnd: peakRssMb,
      targets: TARGETS,
      isWithinTargets:
        durableVsMbsync <= TARGETS.durableVsMbsync &&
        durableVsMbsync <= TARGETS.searchableVsMbsync &&
        incrementalNothingNewSeconds <= TARGETS.incrementalNothingNewSeconds &&
        midPeakOverIdle <= TARGETS.peakRssOverIdleMb &&
        bigPeakOverIdle <= TARGETS.peakRssOverIdleMb &&
        spread <= TARGETS.peakRssSpread,
    };
    console.log(JSON.stringify(result));
    if (!result.isWithinTargets) process.exitCode = 1;
  } finally {
    await reader.$disconnect();
    await server?.stop();
    await dovecot.stop();
    await emulator.close();
    await postgres.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

type TPhase = { ms: number; run: TArchiveRun; messages: number; bytes: number; peakRssMb: number };

/** Run now, timed from the POST to the run's finish as the server recorded it (same clock). */
async function archivePhase(
  label: string,
  archive: ReturnType<typeof createArchiveConsole>,
  server: TServerProcess,
  userIds: string[],
  expected: TSeeded,
): Promise<TPhase> {
  await archive.chooseMailboxes(userIds);
  const requestedAt = Date.now();
  const run = await archive.waitForRun(await archive.runNow(), RUN_TIMEOUT_MS);
  const ms = Date.parse(run.finishedAt!) - requestedAt;
  const { peakRssMb, rssMb } = await server.memory();
  const archived = run.totals.archived;
  const wanted = expected.messages + expected.copies;
  if (run.status !== 'SUCCEEDED' || archived !== wanted) {
    const problems = run.items
      .filter((item) => item.status !== 'COMPLETE')
      .map((item) => ({ user: item.userEmail, status: item.status, problem: item.problem }));
    throw new Error(
      `${label}: run ${run.status}, archived ${archived} of ${wanted}: ${JSON.stringify(problems)}`,
    );
  }
  const mailboxSeconds = run.items.map((item) => (item.durationMs ?? 0) / 1000);
  console.log(
    `${label}: ${seconds(ms)} s from Run now to finished (mailbox runs ${Math.min(...mailboxSeconds)}-${Math.max(...mailboxSeconds)} s), ` +
      `${archived} copies archived, ${run.totals.alreadyArchived} already, ${mb(run.totals.bytes)} MB; server peak RSS ${peakRssMb} MB (now ${rssMb} MB)`,
  );
  return { ms, run, messages: archived, bytes: run.totals.bytes, peakRssMb };
}

/** RSS once the freshly started (or just signed-in) server has settled. */
async function settledMemory(server: TServerProcess) {
  await sleep(2_000);
  return server.memory();
}

async function userIds(reader: TPrisma): Promise<Map<string, string>> {
  const rows = await reader.$queryRawUnsafe<{ id: string; emails: string[] }[]>(
    'SELECT id::text AS id, emails FROM users',
  );
  return new Map(
    rows.flatMap((row) => (row.emails[0] ? [[row.emails[0].toLowerCase(), row.id] as const] : [])),
  );
}

async function unsearchable(reader: TPrisma): Promise<number> {
  const rows = await reader.$queryRawUnsafe<{ n: bigint }[]>(
    'SELECT count(*) AS n FROM archived_messages WHERE search_vector IS NULL',
  );
  return Number(rows[0]?.n ?? 0);
}

async function storedBytes(reader: TPrisma) {
  const rows = await reader.$queryRawUnsafe<{ raw: bigint; stored: bigint; rows: bigint; tables: bigint }[]>(
    `SELECT sum(size)::bigint AS raw, sum(stored_bytes)::bigint AS stored, count(*)::bigint AS rows,
            (pg_total_relation_size('archived_messages') + pg_total_relation_size('archived_message_copies'))::bigint AS tables
       FROM archived_messages`,
  );
  const row = rows[0]!;
  return {
    raw: Number(row.raw),
    stored: Number(row.stored),
    rows: Number(row.rows),
    tables: Number(row.tables),
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function describeSeed(user: string, seeded: TSeeded): string {
  return `${user} ${seeded.messages} messages (${mb(seeded.bytes)} MB), ${seeded.copies} also in Archive`;
}

function describePull(pull: TPull): string {
  return `${seconds(pull.ms)} s, ${pull.messages} messages, ${mb(pull.bytes)} MB (${rate(pull.messages, pull.ms)} messages/s, ${rate(mb(pull.bytes), pull.ms)} MB/s)`;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
