import { describe, expect, it } from 'vitest';
import { expandGroups } from '../src/directory/group-expander';
import { createDirectoryClient, type TDirectoryMember } from '../src/index';
import { fakeDirectoryApi, fakeTokens } from './support/fake-directory-api';

const user = (id: string, email: string): TDirectoryMember => ({
  id,
  email,
  role: 'MEMBER',
  type: 'USER',
  status: 'ACTIVE',
});
const group = (id: string, email: string): TDirectoryMember => ({
  id,
  email,
  role: 'MEMBER',
  type: 'GROUP',
  status: 'ACTIVE',
});

function lister(groups: Record<string, TDirectoryMember[]>) {
  const listed: string[] = [];
  const listMembers = async function* (groupKey: string) {
    listed.push(groupKey);
    yield* groups[groupKey] ?? [];
  };
  return { listMembers, listed };
}

function deps(groups: Record<string, TDirectoryMember[]>, accountDomains: string[] = ['acme.test']) {
  const { listMembers, listed } = lister(groups);
  const probes: string[] = [];
  const probe = async (email: string) => {
    probes.push(email);
    return accountDomains.includes(email.slice(email.indexOf('@') + 1));
  };
  return { deps: { listMembers, knownDomains: ['acme.test'], probe }, listed, probes };
}

describe('expandGroups', () => {
  it('collects users of nested groups by id, lists each group once and survives cycles', async () => {
    const { deps: d, listed } = deps({
      'staff@acme.test': [user('1', 'ada@acme.test'), group('g-eng', 'eng@acme.test')],
      'g-eng': [
        user('2', 'bob@acme.test'),
        group('g-staff', 'staff@acme.test'),
        group('g-ops', 'ops@acme.test'),
      ],
      'g-ops': [user('2', 'bob@acme.test'), user('3', 'cy@acme-eu.test'), group('g-eng', 'eng@acme.test')],
    });
    const result = await expandGroups(d, ['staff@acme.test'], { domains: ['acme.test', 'acme-eu.test'] });
    expect([...result.userIds].sort()).toEqual(['1', '2', '3']);
    expect(result.groupsVisited).toBe(3);
    expect(listed).toEqual(['staff@acme.test', 'g-eng', 'g-ops']);
    expect(result.externalEmails).toEqual([]);
  });

  it('keeps members outside the domains apart, as Google lists them as users with an id', async () => {
    const { deps: d, probes } = deps({
      'sales@acme.test': [
        user('1', 'ada@acme.test'),
        user('77', 'partner@supplier.example'),
        { id: null, email: 'someone@mail.example', role: 'MEMBER', type: 'USER', status: null },
        user('5', 'eve@acme-eu.test'),
      ],
    });
    const result = await expandGroups(d, ['sales@acme.test'], { domains: ['acme.test', 'acme-eu.test'] });
    expect([...result.userIds].sort()).toEqual(['1', '5']);
    expect(result.externalEmails).toEqual(['partner@supplier.example', 'someone@mail.example']);
    expect(probes).toEqual([]);
  });

  it("without a domain list, asks once per unknown domain whether its members are the account's", async () => {
    const { deps: d, probes } = deps(
      {
        'sales@acme.test': [
          user('1', 'ada@acme.test'),
          user('5', 'eve@acme-eu.test'),
          user('6', 'finn@acme-eu.test'),
          user('77', 'partner@supplier.example'),
          user('78', 'other@supplier.example'),
          group('g-eu', 'eu@acme-eu2.test'),
        ],
        'g-eu': [user('9', 'gus@acme-eu2.test')],
      },
      ['acme.test', 'acme-eu.test'],
    );
    const result = await expandGroups(d, ['sales@acme.test']);
    expect([...result.userIds].sort()).toEqual(['1', '5', '6', '9']);
    expect(result.externalEmails).toEqual(['other@supplier.example', 'partner@supplier.example']);
    // acme.test is the admin's and acme-eu2.test holds a group, so only two domains needed asking.
    expect(probes).toEqual(['eve@acme-eu.test', 'partner@supplier.example']);
  });

  it('notes a group that contains the whole organisation', async () => {
    const { deps: d } = deps({
      'all@acme.test': [{ id: 'C01abc234', email: null, role: 'MEMBER', type: 'CUSTOMER', status: null }],
    });
    const result = await expandGroups(d, ['all@acme.test']);
    expect(result.includesWholeCustomer).toBe(true);
    expect(result.wholeCustomerGroups).toEqual(['all@acme.test']);
    expect(result.userIds.size).toBe(0);
  });

  it('names each selected group that holds the whole organisation, also through nested groups and cycles', async () => {
    const customer: TDirectoryMember = {
      id: 'C01abc234',
      email: null,
      role: 'MEMBER',
      type: 'CUSTOMER',
      status: null,
    };
    const { deps: d } = deps({
      'sales@acme.test': [user('1', 'ada@acme.test'), group('g-staff', 'staff@acme.test')],
      // Reached by address from sales and by id from ops: listed once, and a cycle back to sales.
      'g-staff': [customer, group('g-sales', 'sales@acme.test')],
      'ops@acme.test': [user('2', 'bob@acme.test'), group('g-staff', 'Staff@acme.test')],
      'eng@acme.test': [user('3', 'cy@acme.test')],
    });
    const result = await expandGroups(d, ['Sales@acme.test', 'eng@acme.test', 'ops@acme.test']);
    expect(result.wholeCustomerGroups).toEqual(['Sales@acme.test', 'ops@acme.test']);
    expect(result.includesWholeCustomer).toBe(true);
  });

  it('names no group when none holds the whole organisation', async () => {
    const { deps: d } = deps({ 'eng@acme.test': [user('3', 'cy@acme.test')] });
    const result = await expandGroups(d, ['eng@acme.test']);
    expect(result).toMatchObject({ includesWholeCustomer: false, wholeCustomerGroups: [] });
  });

  it('treats the same group given twice, in any case, as one', async () => {
    const { deps: d, listed } = deps({ 'a@acme.test': [user('1', 'ada@acme.test')] });
    const result = await expandGroups(d, ['a@acme.test', 'A@acme.test']);
    expect(listed).toEqual(['a@acme.test']);
    expect(result.groupsVisited).toBe(1);
  });
});

describe('createDirectoryClient: groups and members', () => {
  it('lists groups and members with the group scope, and expands through the API', async () => {
    const members: Record<string, unknown[]> = {
      'staff@acme.test': [
        { id: '1', email: 'Ada@acme.test', role: 'OWNER', type: 'USER', status: 'ACTIVE' },
        { id: 'g2', email: 'eng@acme.test', role: 'MEMBER', type: 'GROUP' },
      ],
      g2: [{ id: '2', email: 'bob@acme.test', role: 'MEMBER', type: 'USER', status: 'ACTIVE' }],
    };
    const api = fakeDirectoryApi(({ url }) => {
      const match = /\/groups\/([^/]+)\/members$/.exec(url.pathname);
      if (match) return { status: 200, body: { members: members[decodeURIComponent(match[1] ?? '')] ?? [] } };
      return {
        status: 200,
        body: { groups: [{ id: 'g1', email: 'staff@acme.test', name: 'Staff', directMembersCount: '2' }] },
      };
    });
    const tokens = fakeTokens();
    const client = createDirectoryClient({
      tokens: tokens.tokens,
      adminUser: 'admin@acme.test',
      fetch: api.fetch,
    });

    const groups = [];
    for await (const item of client.groups()) groups.push(item);
    expect(groups).toEqual([
      { id: 'g1', email: 'staff@acme.test', name: 'Staff', aliases: [], directMembersCount: 2 },
    ]);
    expect(api.requests[0]?.url.searchParams.get('customer')).toBe('my_customer');
    expect(api.requests[0]?.url.searchParams.get('maxResults')).toBe('200');

    const direct = [];
    for await (const member of client.groupMembers('staff@acme.test')) direct.push(member);
    expect(direct[0]).toEqual({
      id: '1',
      email: 'ada@acme.test',
      role: 'OWNER',
      type: 'USER',
      status: 'ACTIVE',
    });

    const expansion = await client.expandGroups(['staff@acme.test']);
    expect([...expansion.userIds].sort()).toEqual(['1', '2']);
    expect(expansion.groupsVisited).toBe(2);
    expect(new Set(tokens.calls.map((call) => call.scopes.join(' ')))).toEqual(
      new Set(['https://www.googleapis.com/auth/admin.directory.group.readonly']),
    );
  });

  it('lists groups several at once with the same result, never more than asked, each once', async () => {
    const tree: Record<string, TDirectoryMember[]> = { root: [] };
    for (let n = 0; n < 12; n++) {
      tree.root!.push(group(`g${n}`, `g${n}@acme.test`));
      tree[`g${n}`] = [user(`u${n}`, `u${n}@acme.test`), group('g0', 'g0@acme.test')];
    }
    let running = 0;
    let mostAtOnce = 0;
    const listed: string[] = [];
    const listMembers = async function* (groupKey: string) {
      listed.push(groupKey);
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      yield* tree[groupKey] ?? [];
    };
    const probe = async () => true;
    const base = { listMembers, knownDomains: ['acme.test'], probe };
    const sequential = await expandGroups(base, ['root']);
    expect(mostAtOnce).toBe(1);
    listed.length = 0;
    const parallel = await expandGroups(base, ['root'], { concurrency: 4 });
    expect(mostAtOnce).toBe(4);
    expect(parallel).toEqual(sequential);
    expect(parallel.userIds.size).toBe(12);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('fails the whole expansion when one of the listings run at once fails', async () => {
    const listMembers = async function* (groupKey: string) {
      await new Promise((resolve) => setTimeout(resolve, groupKey === 'b' ? 1 : 20));
      if (groupKey === 'b') throw new Error('members of b stopped at page 2');
      yield user(`${groupKey}-1`, `${groupKey}@acme.test`);
    };
    await expect(
      expandGroups({ listMembers, knownDomains: ['acme.test'], probe: async () => true }, ['a', 'b', 'c'], {
        concurrency: 3,
      }),
    ).rejects.toThrow(/stopped at page 2/);
  });
});
