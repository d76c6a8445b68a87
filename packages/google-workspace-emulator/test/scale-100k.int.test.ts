import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDomain } from '../src/domain/domain-generator';
import { startEmulator, type TEmulator } from '../src/emulator';
import { accessTokenFor, delegatedKey, listAll } from './support/directory-client';

// The benchmark domain of issue 4: 100,000 users, 2,000 groups nested 3 deep, 3 domains, 5% suspended.
describe('a 100,000-user domain', () => {
  let emulator: TEmulator;
  let token: string;

  beforeAll(async () => {
    const fixture = generateDomain({
      users: 100_000,
      groups: 2_000,
      domains: ['example.com', 'example.net', 'example.org'],
      maxNestingDepth: 3,
      suspendedRatio: 0.05,
      seed: 2026,
    });
    emulator = await startEmulator({ fixture });
    token = await accessTokenFor(emulator, delegatedKey(emulator), 'admin@example.com');
  }, 30_000);
  afterAll(async () => {
    await emulator.close();
  });

  // How fast (generating, loading, paging) is measured by bench/sync.bench.ts against its targets;
  // a wall-clock limit here would fail on a busy machine without anything being wrong.
  it('is generated and loaded with the shape asked for', () => {
    const summary = emulator.state.summary();
    expect(summary.users.active).toBe(100_000);
    expect(summary.groups).toBe(2_000);
    expect(summary.users.suspended / 100_000).toBeCloseTo(0.05, 1);
  });

  it('pages all users at 500 a page, each once, in order', async () => {
    const { items, pages } = await listAll(
      emulator,
      '/users?customer=my_customer&maxResults=500&fields=nextPageToken,users(id,primaryEmail,suspended)',
      'users',
      token,
    );
    expect(pages).toBe(200);
    const emails = items.map((user) => user.primaryEmail as string);
    expect(new Set(emails).size).toBe(100_000);
    expect(emails.every((email, position) => position === 0 || emails[position - 1]! < email)).toBe(true);
  }, 30_000);

  it('pages one secondary domain of the big listing', async () => {
    const { items } = await listAll(
      emulator,
      '/users?domain=example.org&maxResults=500&fields=nextPageToken,users(primaryEmail)',
      'users',
      token,
    );
    expect(items.length).toBeGreaterThan(10_000);
    expect(items.every((user) => (user.primaryEmail as string).endsWith('@example.org'))).toBe(true);
  }, 30_000);
});
