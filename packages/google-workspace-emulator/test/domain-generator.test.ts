import { describe, expect, it } from 'vitest';
import { generateDomain } from '../src/domain/domain-generator';
import { DomainState } from '../src/domain/domain-state';

const DOMAINS = ['example.com', 'example.net', 'example.org'];

describe('generateDomain', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const options = { users: 2_000, groups: 60, domains: DOMAINS };
    const a = generateDomain({ ...options, seed: 42 });
    const b = generateDomain({ ...options, seed: 42 });
    const c = generateDomain({ ...options, seed: 43 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('produces the requested counts, unique addresses and ids, over every domain', () => {
    const fixture = generateDomain({ users: 5_000, groups: 100, domains: DOMAINS, seed: 1 });
    expect(fixture.users).toHaveLength(5_000);
    expect(fixture.groups).toHaveLength(100);
    const addresses = fixture.users.flatMap((user) => [user.primaryEmail, ...(user.aliases ?? [])]);
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(new Set(fixture.users.map((user) => user.id)).size).toBe(5_000);
    expect(fixture.users.every((user) => /^1\d{20}$/.test(user.id!))).toBe(true);
    const byDomain = new Map<string, number>();
    for (const user of fixture.users) {
      const domain = user.primaryEmail.split('@')[1]!;
      byDomain.set(domain, (byDomain.get(domain) ?? 0) + 1);
    }
    expect(byDomain.get('example.com')).toBeGreaterThan(byDomain.get('example.net')!);
    expect(byDomain.get('example.org')).toBeGreaterThan(500);
  });

  it('honours the ratios: suspended users, aliases, external members; the first user is an admin', () => {
    const fixture = generateDomain({
      users: 10_000,
      groups: 200,
      domains: DOMAINS,
      suspendedRatio: 0.1,
      aliasRatio: 0.2,
      externalMemberRatio: 0.5,
      seed: 3,
    });
    const suspended = fixture.users.filter((user) => user.suspended).length;
    const aliased = fixture.users.filter((user) => user.aliases?.length).length;
    expect(suspended / 10_000).toBeCloseTo(0.1, 1);
    expect(aliased / 10_000).toBeCloseTo(0.2, 1);
    expect(fixture.users[0]).toMatchObject({ primaryEmail: 'admin@example.com', isAdmin: true });
    expect(fixture.users[0]!.suspended).toBeUndefined();
    const groupsWithExternals = fixture.groups.filter((group) =>
      (group.members ?? []).some((member) => !DOMAINS.includes(member.email!.split('@')[1]!)),
    );
    expect(groupsWithExternals.length).toBeGreaterThan(60);
  });

  it('nests groups exactly up to the maximum depth and never deeper', () => {
    const fixture = generateDomain({
      users: 1_000,
      groups: 300,
      domains: DOMAINS,
      maxNestingDepth: 3,
      seed: 9,
    });
    const state = new DomainState(fixture);
    // Generated nesting only points from a level to the next, so this recursion terminates.
    const depthOf = (email: string): number => {
      const children = state.getGroup(email)!.members.filter((member) => member.type === 'GROUP');
      return 1 + Math.max(0, ...children.map((child) => depthOf(state.getGroup(child.id)!.email)));
    };
    const depths = fixture.groups.map((group) => depthOf(group.email));
    expect(Math.max(...depths)).toBe(3);
  });
});
