// Child process of sync.bench.ts: the emulated 100,000-user domain lives here, so the
// benchmark's own peak RSS is the sync's, not the emulator's.
import { CONNECTOR_SCOPES, generateDomain, startEmulator } from '@wac/google-workspace-emulator';

type TMessage = { type: 'change'; every: number } | { type: 'stop' };

async function main(): Promise<void> {
  const users = Number(process.env.BENCH_USERS ?? 100_000);
  const started = performance.now();
  const fixture = generateDomain({
    users,
    groups: Number(process.env.BENCH_GROUPS ?? 2_000),
    domains: ['bench.example', 'bench-two.example', 'bench-three.example'],
    suspendedRatio: 0.05,
    maxNestingDepth: 3,
    seed: 42,
  });
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0, fixture });
  // Generating and loading the domain: a test or the demo waits this long before the first request.
  const setupMs = performance.now() - started;
  const key = emulator.createServiceAccountKey({ delegatedScopes: [...CONNECTOR_SCOPES] });
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
