// Delegated-token throughput against the in-process emulator, the cost of a cache hit, and two
// baselines measured in the same run: one RS256 signature and one bare HTTP round trip.
import { performance } from 'node:perf_hooks';
import {
  createAssertionSigner,
  createDelegatedTokenProvider,
  GOOGLE_SCOPES,
  parseServiceAccountKey,
} from '@wac/google';
import { startEmulator, type TDomainFixture } from '@wac/google-workspace-emulator';

const USERS = 1000;
const CONCURRENCY = 16;
const SIGNATURES = 300;
const ROUND_TRIPS = 2000;
const CACHE_HITS = 500_000;

function domain(userCount: number): TDomainFixture {
  return {
    customerId: 'C0bench01',
    domains: ['bench.example'],
    users: Array.from({ length: userCount }, (_, i) => ({
      primaryEmail: `user${String(i).padStart(4, '0')}@bench.example`,
      givenName: 'Bench',
      familyName: String(i),
      isAdmin: i === 0,
    })),
    groups: [],
  };
}

async function withConcurrency(count: number, concurrency: number, task: (index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) await task(index);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ port: 0, fixture: domain(USERS) });
  try {
    const created = emulator.createServiceAccountKey({ delegatedScopes: [GOOGLE_SCOPES.mail] });
    const key = parseServiceAccountKey(created.json);
    const emails = Array.from({ length: USERS }, (_, i) => `user${String(i).padStart(4, '0')}@bench.example`);

    // Baseline 1: the raw cost of one RS256 assertion signature (after a warm-up).
    const sign = createAssertionSigner(key);
    const issuedAt = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 20; i += 1)
      await sign({ subject: emails[0]!, scopes: [GOOGLE_SCOPES.mail], issuedAt });
    let started = performance.now();
    for (let i = 0; i < SIGNATURES; i += 1) {
      await sign({ subject: emails[i % USERS]!, scopes: [GOOGLE_SCOPES.mail], issuedAt });
    }
    const signatureUs = ((performance.now() - started) * 1000) / SIGNATURES;

    // Baseline 2: bare HTTP round trips to the same server at the same concurrency (tokeninfo on a
    // bogus token: routing, parsing and a map lookup, no cryptography).
    const bogus = `${emulator.url}/tokeninfo?access_token=not-a-token`;
    await withConcurrency(100, CONCURRENCY, async () => {
      await (await fetch(bogus)).arrayBuffer();
    });
    started = performance.now();
    await withConcurrency(ROUND_TRIPS, CONCURRENCY, async () => {
      await (await fetch(bogus)).arrayBuffer();
    });
    const roundTripSeconds = (performance.now() - started) / 1000;
    const roundTripsPerSecond = ROUND_TRIPS / roundTripSeconds;

    // The measurement: one delegated token for each of 1,000 distinct users.
    const provider = createDelegatedTokenProvider({ key });
    started = performance.now();
    await withConcurrency(USERS, CONCURRENCY, async (index) => {
      await provider.getAccessToken(emails[index]!, [GOOGLE_SCOPES.mail]);
    });
    const mintSeconds = (performance.now() - started) / 1000;
    const tokensPerSecond = USERS / mintSeconds;
    const minted = provider.stats.tokensMinted;
    if (minted !== USERS || provider.stats.failures !== 0) {
      throw new Error(`Expected ${USERS} minted tokens, got ${minted} (${provider.stats.failures} failures)`);
    }

    // Cache hits: every user again, many times over, awaited one by one as a caller would.
    for (let i = 0; i < 10_000; i += 1)
      await provider.getAccessToken(emails[i % USERS]!, [GOOGLE_SCOPES.mail]);
    started = performance.now();
    for (let i = 0; i < CACHE_HITS; i += 1)
      await provider.getAccessToken(emails[i % USERS]!, [GOOGLE_SCOPES.mail]);
    const cacheHitNs = ((performance.now() - started) * 1e6) / CACHE_HITS;
    if (provider.stats.tokensMinted !== USERS) throw new Error('A cache hit minted a new token');

    const figures = {
      bench: 'tokens',
      users: USERS,
      concurrency: CONCURRENCY,
      tokensPerSecond: round(tokensPerSecond),
      mintSeconds: round(mintSeconds, 3),
      cacheHitNs: round(cacheHitNs),
      cacheHits: CACHE_HITS,
      baselineSignatureUs: round(signatureUs),
      baselineRoundTripsPerSecond: round(roundTripsPerSecond),
      signatureVsCacheHit: round((signatureUs * 1000) / cacheHitNs),
      mintVsRoundTrip: round(tokensPerSecond / roundTripsPerSecond, 3),
      node: process.version,
    };
    console.log(`Delegated tokens: ${USERS} distinct users, concurrency ${CONCURRENCY}, emulator in-process`);
    console.log(
      `  minted            ${figures.tokensPerSecond} tokens/s (${figures.mintSeconds} s for ${USERS})`,
    );
    console.log(
      `  cache hit         ${figures.cacheHitNs} ns/call over ${CACHE_HITS.toLocaleString('en')} calls`,
    );
    console.log(`Baselines (same run)`);
    console.log(`  RS256 signature   ${figures.baselineSignatureUs} µs each`);
    console.log(
      `  bare round trip   ${figures.baselineRoundTripsPerSecond} requests/s at concurrency ${CONCURRENCY}`,
    );
    console.log(`Ratios`);
    console.log(`  a cache hit is ${figures.signatureVsCacheHit}x cheaper than one signature`);
    console.log(`  minting runs at ${figures.mintVsRoundTrip}x the bare round-trip rate`);
    console.log(JSON.stringify(figures));
  } finally {
    await emulator.close();
  }
}

await main();
