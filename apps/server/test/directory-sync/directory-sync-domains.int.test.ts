import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import {
  defaultSyncSettings,
  executeSyncRun,
  listUsersByDomain,
  readGoogleDirectory,
  silentSyncLogger,
  startRun,
} from '@wac/directory-sync';
import {
  createDelegatedTokenProvider,
  createDirectoryClient,
  createTokenBucketLimiter,
  GOOGLE_SCOPES,
  parseServiceAccountKey,
  REQUIRED_DELEGATION_SCOPES,
  type TDirectoryClient,
  type TRateLimiter,
} from '@wac/google';
import { generateDomain, startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// Three domains, the primary one over two pages of 500: a listing can break halfway in it.
const USERS = 1_500;
const DOMAINS = ['example.com', 'example.net', 'example.org'];

describe('directory sync lists each domain in parallel when Google names them', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let withDomains: TDirectoryClient;
  let withoutDomains: TDirectoryClient;

  // Delegation is per service account: one account with the optional domain scope, one without.
  const clientFor = (clientEmail: string, scopes: readonly string[]) =>
    createDirectoryClient({
      tokens: createDelegatedTokenProvider({
        key: parseServiceAccountKey(
          emulator.createServiceAccountKey({ clientEmail, delegatedScopes: [...scopes] }).json,
        ),
      }),
      adminUser: 'admin@example.com',
      rootUrl: emulator.url,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });

  beforeAll(async () => {
    const fixture = generateDomain({ users: USERS, groups: 5, domains: DOMAINS, seed: 11 });
    [database, emulator] = await Promise.all([createTestDatabase(), startEmulator({ fixture })]);
    withDomains = clientFor('with-domains@wac-emulator.iam.gserviceaccount.com', [
      ...REQUIRED_DELEGATION_SCOPES,
      GOOGLE_SCOPES.directoryDomains,
    ]);
    withoutDomains = clientFor('no-domains@wac-emulator.iam.gserviceaccount.com', REQUIRED_DELEGATION_SCOPES);
  });
  beforeEach(() => {
    emulator.faults.reset();
    emulator.stats.reset();
  });
  afterAll(async () => {
    await emulator?.close();
    await database?.drop();
  });

  const idsOf = (state: { users: { id: string }[] }) => state.users.map((user) => user.id);

  it('reads the same users in the same order as the sequential account-wide listing', async () => {
    expect(await withDomains.domains?.()).toEqual(DOMAINS);
    expect(await withoutDomains.domains?.()).toBeNull();
    emulator.stats.reset();
    const parallel = await readGoogleDirectory(withDomains, []);
    const perDomainPages = emulator.stats.count('directory.users.list');
    const sequential = await readGoogleDirectory(withoutDomains, []);
    expect(parallel.users).toHaveLength(USERS);
    expect(idsOf(parallel)).toEqual(idsOf(sequential));
    expect(parallel.users).toEqual(sequential.users);
    // Two pages of the primary domain and one page each of the others, against three in a row.
    expect(perDomainPages).toBe(4);
    expect(emulator.stats.count('directory.users.list') - perDomainPages).toBe(3);
  });

  it('takes every attempt, 429 retries included, from one shared share of the quota', async () => {
    const inner = createTokenBucketLimiter({ perMinute: 600 });
    let acquired = 0;
    const counted: TRateLimiter = {
      acquire: () => {
        acquired += 1;
        return inner.acquire();
      },
    };
    emulator.faults.failNext({
      status: 429,
      count: 3,
      endpoint: 'directory.users.list',
      retryAfterSeconds: 0,
    });
    const started = performance.now();
    const ids: string[] = [];
    for await (const user of listUsersByDomain(withDomains, DOMAINS, { limiter: counted })) ids.push(user.id);
    const elapsedMs = performance.now() - started;
    expect(new Set(ids).size).toBe(USERS);
    const attempts = emulator.stats.count('directory.users.list');
    expect(attempts).toBe(4 + 3);
    expect(acquired).toBe(attempts);
    // 600 a minute with a burst of 10 lets seven attempts through at once: no wait, and no more.
    expect(elapsedMs).toBeLessThan(30_000);
  });

  it('keeps to the share: past the burst each attempt waits for its slot', async () => {
    // 120 a minute: a burst of 2, then one slot about every half second.
    emulator.faults.failNext({
      status: 429,
      count: 2,
      endpoint: 'directory.users.list',
      retryAfterSeconds: 0,
    });
    const started = performance.now();
    let count = 0;
    for await (const _user of listUsersByDomain(withDomains, DOMAINS, { queriesPerMinute: 120 })) count += 1;
    expect(count).toBe(USERS);
    // Six attempts: two at once, four more at about 508 ms each.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_900);
  });

  it('a domain that fails halfway applies nothing and says why', async () => {
    const first = await sync(withDomains);
    expect(first).toMatchObject({ status: 'SUCCEEDED', createCount: USERS });
    const before = await database.prisma.user.findMany({ orderBy: { id: 'asc' } });
    emulator.state.updateUser('admin@example.com', { givenName: 'Changed' });
    emulator.state.addUser({ primaryEmail: 'late@example.net', givenName: 'Late', familyName: 'Comer' });
    try {
      // Page 2 of any listing fails for ever: only example.com has one.
      emulator.faults.breakListing({ listing: 'users', afterPage: 1 });
      const failed = await sync(withDomains);
      expect(failed.status).toBe('FAILED');
      expect(failed.errorCode).toBe('LISTING_INCOMPLETE');
      expect(failed.errorMessage).toMatch(/users of example\.com stopped at page 2/);
      expect(await database.prisma.user.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
    } finally {
      emulator.faults.reset();
      emulator.state.updateUser('admin@example.com', { givenName: 'Ada' });
      emulator.state.deleteUser('late@example.net');
    }
  });

  async function sync(directory: TDirectoryClient) {
    const started = await startRun(database.prisma, {
      isDryRun: false,
      trigger: 'MANUAL',
      requestedBy: { id: null, name: 'test' },
      settings: defaultSyncSettings(),
    });
    if (!started.isStarted) throw new Error('a run is already running');
    await executeSyncRun(
      { databaseUrl: database.databaseUrl, createDirectory: async () => directory, log: silentSyncLogger },
      started.runId,
    );
    return database.prisma.syncRun.findUniqueOrThrow({ where: { id: started.runId } });
  }
});
