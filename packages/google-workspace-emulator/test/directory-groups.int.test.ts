import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TEmulator } from '../src/emulator';
import { accessTokenFor, delegatedKey, getDirectory, listAll } from './support/directory-client';

describe('Directory API groups and members', () => {
  let emulator: TEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    token = await accessTokenFor(emulator, delegatedKey(emulator), 'admin@example.com');
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('lists the customer’s groups with Google’s fields, int64 counts as strings', async () => {
    const response = await getDirectory(emulator, '/groups?customer=my_customer', token);
    expect(response.status).toBe(200);
    expect(response.body.kind).toBe('admin#directory#groups');
    const groups = response.body.groups as Record<string, unknown>[];
    expect(groups.map((group) => group.email)).toEqual([
      'engineering@example.com',
      'partners@example.net',
      'staff@example.com',
    ]);
    expect(groups[2]).toMatchObject({
      kind: 'admin#directory#group',
      id: '03emu0staff0001',
      etag: expect.any(String),
      name: 'All staff',
      directMembersCount: '5',
    });
  });

  it('pages groups, filters by domain and finds the groups a user belongs to', async () => {
    const all = await listAll(emulator, '/groups?customer=my_customer&maxResults=1', 'groups', token);
    expect(all.pages).toBe(3);
    const byDomain = await getDirectory(emulator, '/groups?domain=example.net', token);
    expect((byDomain.body.groups as { email: string }[]).map((group) => group.email)).toEqual([
      'partners@example.net',
    ]);
    const ofUser = await getDirectory(emulator, '/groups?userKey=carol@example.com', token);
    expect((ofUser.body.groups as { email: string }[]).map((group) => group.email)).toEqual([
      'engineering@example.com',
    ]);
  });

  it('refuses maxResults above 200 for groups', async () => {
    const response = await getDirectory(emulator, '/groups?customer=my_customer&maxResults=201', token);
    expect(response.status).toBe(400);
  });

  it('gets a group by email, alias or id; 404 names groupKey', async () => {
    for (const key of ['partners@example.net', 'vendors@example.net', '03emu0partn0003']) {
      expect((await getDirectory(emulator, `/groups/${key}`, token)).body.email, key).toBe(
        'partners@example.net',
      );
    }
    const missing = await getDirectory(emulator, '/groups/nope@example.com', token);
    expect(missing.status).toBe(404);
    expect((missing.body.error as { message: string }).message).toBe('Resource Not Found: groupKey');
  });

  it('lists direct members: users, a nested group, roles and a suspended member’s status', async () => {
    const staff = await getDirectory(emulator, '/groups/staff@example.com/members', token);
    expect(staff.body.kind).toBe('admin#directory#members');
    expect(staff.body.members).toContainEqual(
      expect.objectContaining({
        kind: 'admin#directory#member',
        id: '03emu0engin0002',
        email: 'engineering@example.com',
        type: 'GROUP',
        role: 'MEMBER',
      }),
    );
    expect(staff.body.members).toContainEqual(
      expect.objectContaining({ email: 'admin@example.com', type: 'USER', role: 'OWNER', status: 'ACTIVE' }),
    );
    const engineering = await getDirectory(emulator, '/groups/engineering@example.com/members', token);
    expect(engineering.body.members).toContainEqual(
      expect.objectContaining({ email: 'dave@example.com', status: 'SUSPENDED' }),
    );
  });

  it('shows an external member as a USER whose address is outside the domains', async () => {
    const partners = await getDirectory(emulator, '/groups/partners@example.net/members', token);
    const external = (partners.body.members as Record<string, unknown>[]).find(
      (member) => member.email === 'contact@partner-firm.example.org',
    );
    expect(external).toMatchObject({ type: 'USER', role: 'MEMBER', id: expect.stringMatching(/^\d{21}$/) });
  });

  it('expands nested groups with includeDerivedMembership=true', async () => {
    const derived = await getDirectory(
      emulator,
      '/groups/staff@example.com/members?includeDerivedMembership=true',
      token,
    );
    const emails = (derived.body.members as { email?: string }[]).map((member) => member.email);
    expect(emails).toEqual(
      expect.arrayContaining(['alice@example.com', 'carol@example.com', 'grace@example.net']),
    );
    expect(new Set(emails).size).toBe(emails.length);
  });

  it('filters members by role and pages them', async () => {
    const owners = await getDirectory(
      emulator,
      '/groups/staff@example.com/members?roles=OWNER,MANAGER',
      token,
    );
    expect((owners.body.members as { email: string }[]).map((member) => member.email).sort()).toEqual([
      'admin@example.com',
      'judy@example.com',
    ]);
    const paged = await listAll(emulator, '/groups/staff@example.com/members?maxResults=2', 'members', token);
    expect(paged.pages).toBe(3);
    expect(paged.items).toHaveLength(5);
  });

  it('follows membership changes, CUSTOMER members and renames', async () => {
    emulator.state.addGroup({
      email: 'everyone@example.com',
      name: 'Everyone',
      members: [{ type: 'CUSTOMER' }],
    });
    emulator.state.addMember('everyone@example.com', { email: 'frank@example.com', role: 'MANAGER' });
    emulator.state.updateUser('frank@example.com', { primaryEmail: 'franklin@example.com' });
    const response = await getDirectory(emulator, '/groups/everyone@example.com/members', token);
    expect(response.body.members).toEqual([
      expect.objectContaining({ id: 'C03emu7ex', type: 'CUSTOMER', role: 'MEMBER' }),
      expect.objectContaining({ email: 'franklin@example.com', type: 'USER', role: 'MANAGER' }),
    ]);
    expect((response.body.members as Record<string, unknown>[])[0]).not.toHaveProperty('email');
    emulator.state.removeMember('everyone@example.com', 'franklin@example.com');
    const after = await getDirectory(emulator, '/groups/everyone@example.com', token);
    expect(after.body.directMembersCount).toBe('1');
  });

  it('answers 404 for members of an unknown group', async () => {
    const response = await getDirectory(emulator, '/groups/nope@example.com/members', token);
    expect(response.status).toBe(404);
  });
});
