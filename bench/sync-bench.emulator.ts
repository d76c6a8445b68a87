// Child process of sync.bench.ts: the emulated 100,000-user domain lives here, so the
// benchmark's own peak RSS is the sync's, not the emulator's.
import {
  CONNECTOR_SCOPES,
  generateDomainSource,
  SCOPES,
  startEmulator,
} from '@wac/google-workspace-emulator';

const ALL_DOMAINS = ['bench.example', 'bench-two.example', 'bench-three.example', 'bench-four.example'];

type TMessage = { type: 'change'; every: number } | { type: 'stop' };

async function main(): Promise<void> {
  const users = Number(process.env.BENCH_USERS ?? 100_000);
  // Latency mode: Google's time per Directory request, and that many domains of even size.
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 0);
  const domainCount = process.env.BENCH_DOMAINS === undefined ? null : Number(process.env.BENCH_DOMAINS);
  const started = performance.now();
  // Handed to the store user by user: a million users are never held twice.
  const fixture = generateDomainSource({
    users,
    groups: Number(process.env.BENCH_GROUPS ?? 2_000),
    domains: ALL_DOMAINS.slice(0, domainCount ?? 3),
    suspendedRatio: 0.05,
    maxNestingDepth: 3,
    seed: 42,
    ...(domainCount === null ? {} : { primaryShare: 1 / domainCount }),
  });
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0, fixture });
  // Generating and loading the domain: a test or the demo waits this long before the first request.
  const setupMs = performance.now() - started;
  // With the optional domain scope, a sync may list the domains side by side.
  const key = emulator.createServiceAccountKey({
    delegatedScopes: [...CONNECTOR_SCOPES, ...(domainCount === null ? [] : [SCOPES.directoryDomainReadonly])],
  });
  // Set once the domain is loaded: setting up is not what the latency stands for.
  emulator.faults.setDirectoryLatency({ fixedMs: latencyMs });
  const summary = emulator.state.summary();
  process.send?.({
    type: 'ready',
    url: emulator.url,
    keyJson: key.json,
    adminUser: `admin@${emulator.state.primaryDomain}`,
    summary,
    setupMs,
  });

  process.on('message', (message: TMessage) => {
    if (message.type === 'stop') {
      void emulator.close().then(() => process.exit(0));
      return;
    }
    // Every n-th user gets a new full name: a realistic trickle of renames between two syncs.
    let changed = 0;
    let index = 0;
    for (const user of [...emulator.state.users.active.values()]) {
      if (index++ % message.every !== 1) continue;
      emulator.state.updateUser(user.primaryEmail, { familyName: `${user.familyName}-changed` });
      changed += 1;
    }
    process.send?.({ type: 'changed', count: changed });
  });
}

void main();
