// Child process of sync.bench.ts that does the syncs, as a server's job worker would: the
// package's runner on a Prisma client and the run's own pg connection. Its peak RSS is the
// figure the benchmark reports; the parent's raw paging and bookkeeping do not count.
import { performance } from 'node:perf_hooks';
import { createPrismaClient } from '../packages/db/src/index';
import {
  defaultSyncSettings,
  executeSyncRun,
  silentSyncLogger,
  startRun,
  type TSyncLogger,
} from '../packages/directory-sync/src/index';
import {
  createDelegatedTokenProvider,
  createDirectoryClient,
  parseServiceAccountKey,
} from '../packages/google/src/index';

type TConfig = {
  databaseUrl: string;
  writerUrl: string;
  rootUrl: string;
  keyJson: string;
  adminUser: string;
};
type TMessage = { type: 'config'; config: TConfig } | { type: 'sync' } | { type: 'rss' } | { type: 'stop' };

let config: TConfig | undefined;
const startedAt = performance.now();

// BENCH_VERBOSE=1: one line per phase, to see where a sync spends its time and memory.
const phaseLogger: TSyncLogger = {
  info: (details, message) => {
    if (!message.startsWith('directory sync:')) return;
    const memory = process.memoryUsage();
    const mb = (bytes: number) => Math.round(bytes / 1_048_576);
    const { phase, usersRead, changesApplied } = details as Record<string, unknown>;
    console.log(
      `  ${Math.round(performance.now() - startedAt)} ms ${phase} usersRead=${usersRead} applied=${changesApplied} ` +
        `rss=${mb(memory.rss)} heapTotal=${mb(memory.heapTotal)} heapUsed=${mb(memory.heapUsed)}`,
    );
  },
  warn: () => {},
  error: (details, message) => console.error(message, details),
};

async function sync(current: TConfig) {
  const prisma = createPrismaClient(current.writerUrl);
  try {
    const key = parseServiceAccountKey(current.keyJson);
    const tokens = createDelegatedTokenProvider({ key });
    const run = await startRun(prisma, {
      isDryRun: false,
      trigger: 'MANUAL',
      requestedBy: { id: null, name: 'bench' },
      settings: defaultSyncSettings(),
    });
    if (!run.isStarted) throw new Error('a run is already running');
    const started = performance.now();
    const outcome = await executeSyncRun(
      {
        prisma,
        databaseUrl: current.writerUrl,
        createDirectory: async ({ onProgress }) =>
          createDirectoryClient({
            tokens,
            adminUser: current.adminUser,
            rootUrl: current.rootUrl,
            onProgress,
          }),
        log: process.env.BENCH_VERBOSE ? phaseLogger : silentSyncLogger,
      },
      run.runId,
    );
    const ms = performance.now() - started;
    const counts = await prisma.syncRun.findUniqueOrThrow({
      where: { id: run.runId },
      select: { status: true, createCount: true, updateCount: true, deleteCount: true, unchangedCount: true },
    });
    return { ms, counts, isSkipped: outcome === 'skipped' };
  } finally {
    await prisma.$disconnect();
  }
}

process.on('message', (message: TMessage) => {
  if (message.type === 'config') {
    config = message.config;
    process.send?.({ type: 'configured' });
  } else if (message.type === 'sync') {
    if (!config) throw new Error('not configured');
    sync(config).then(
      (result) => process.send?.({ type: 'synced', ...result }),
      (error: unknown) => process.send?.({ type: 'synced', error: String(error) }),
    );
  } else if (message.type === 'rss') {
    process.send?.({ type: 'rss', maxRssKb: process.resourceUsage().maxRSS });
  } else {
    process.exit(0);
  }
});
process.send?.({ type: 'ready' });
