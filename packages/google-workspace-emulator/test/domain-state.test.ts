import { describe, expect, it } from 'vitest';
import { DomainStateError } from '../src/domain/domain-errors';
import { DomainState } from '../src/domain/domain-state';
import { loadSampleFixture } from '../src/domain/fixture-loader';

describe('DomainState', () => {
  const fresh = async () => new DomainState(await loadSampleFixture());

  it('loads the sample fixture: 12 users over 2 domains, 3 groups, one suspended, one alias, one admin', async () => {
    const state = await fresh();
    expect(state.summary()).toEqual({
      customerId: 'C03emu7ex',
      domains: ['example.com', 'example.net'],
      users: { active: 12, suspended: 1, deleted: 0, admins: 1 },
      groups: 3,
      memberships: 11,
    });
    expect(state.getUser('erin.evans@example.net')?.primaryEmail).toBe('erin@example.com');
  });

  it('refuses addresses already taken by a user, an alias or a group, and foreign domains', async () => {
    const state = await fresh();
    const add = (primaryEmail: string) => () =>
      state.addUser({ primaryEmail, givenName: 'X', familyName: 'Y' });
    expect(add('alice@example.com')).toThrow(DomainStateError);
    expect(add('erin.evans@example.net')).toThrow(/already in use/);
    expect(add('staff@example.com')).toThrow(/already in use/);
    expect(add('someone@elsewhere.org')).toThrow(/not in one of the domains/);
    expect(() => state.addGroup({ email: 'alice@example.com', name: 'Clash' })).toThrow(/already in use/);
  });

  it('frees old addresses on rename and keeps a failed rename from changing anything', async () => {
    const state = await fresh();
    state.updateUser('bob@example.com', { primaryEmail: 'robert@example.com', aliases: ['bob@example.com'] });
    expect(state.getUser('bob@example.com')?.primaryEmail).toBe('robert@example.com');
    expect(() => state.updateUser('robert@example.com', { primaryEmail: 'alice@example.com' })).toThrow(
      DomainStateError,
    );
    expect(state.getUser('robert@example.com')?.primaryEmail).toBe('robert@example.com');
    expect(state.users.active.values().map((user) => user.primaryEmail)).toContain('robert@example.com');
  });

  it('removes a deleted user from every group and refuses unknown keys', async () => {
    const state = await fresh();
    state.deleteUser('carol@example.com');
    expect(state.getGroup('engineering@example.com')!.members.map((member) => member.id)).not.toContain(
      '100000000000000000004',
    );
    expect(state.getUser('carol@example.com')).toBeUndefined();
    expect(() => state.deleteUser('carol@example.com')).toThrow(/No user/);
    expect(() => state.addMember('nope@example.com', { email: 'alice@example.com' })).toThrow(/No group/);
  });

  it('refuses a group inside itself, duplicate members and unknown in-domain members', async () => {
    const state = await fresh();
    expect(() => state.addMember('staff@example.com', { email: 'staff@example.com' })).toThrow(/itself/);
    expect(() => state.addMember('staff@example.com', { email: 'alice@example.com' })).toThrow(
      /already exists/,
    );
    expect(() => state.addMember('staff@example.com', { email: 'ghost@example.com' })).toThrow(/No user/);
  });
});
