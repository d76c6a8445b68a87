import { startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDelegatedTokenProvider,
  createDirectoryClient,
  parseServiceAccountKey,
  REQUIRED_DELEGATION_SCOPES,
  type TDirectoryClient,
  type TDirectoryUser,
} from '../src/index';

// The emulator's sample domain: example.com (primary) and example.net; staff@ contains
// engineering@, which holds grace@example.net; partners@example.net has an outside contact.
let emulator: TEmulator;
let directory: TDirectoryClient;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  // A cycle, which Google allows: engineering@ inside staff@ inside engineering@.
  emulator.state.addMember('engineering@example.com', { email: 'staff@example.com', type: 'GROUP' });
  const key = parseServiceAccountKey(
    emulator.createServiceAccountKey({ delegatedScopes: [...REQUIRED_DELEGATION_SCOPES] }).json,
  );
  directory = createDirectoryClient({
    tokens: createDelegatedTokenProvider({ key }),
    adminUser: 'admin@example.com',
    rootUrl: emulator.url,
  });
});

afterAll(async () => {
  await emulator?.close();
});

async function usersByEmail(): Promise<Map<string, TDirectoryUser>> {
  const users = new Map<string, TDirectoryUser>();
  for await (const user of directory.users()) users.set(user.primaryEmail, user);
  return users;
}

describe('groups against the emulator', () => {
  it('lists groups and their direct members', async () => {
    const groups: string[] = [];
    for await (const group of directory.groups()) groups.push(group.email);
    expect(groups.sort()).toEqual(['engineering@example.com', 'partners@example.net', 'staff@example.com']);
    const members: string[] = [];
    for await (const member of directory.groupMembers('engineering@example.com'))
      members.push(`${member.type}:${member.email}`);
    expect(members.sort()).toEqual([
      'GROUP:staff@example.com',
      'USER:carol@example.com',
      'USER:dave@example.com',
      'USER:erin@example.com',
      'USER:grace@example.net',
    ]);
  });

  it('expands nested groups through a cycle into user ids, secondary domain included', async () => {
    const users = await usersByEmail();
    const expansion = await directory.expandGroups(['staff@example.com']);
    const expected = ['admin', 'alice', 'bob', 'judy', 'carol', 'dave', 'erin']
      .map((name) => users.get(`${name}@example.com`)?.id)
      .concat(users.get('grace@example.net')?.id);
    expect([...expansion.userIds].sort()).toEqual(expected.sort());
    expect(expansion.groupsVisited).toBe(2);
    expect(expansion.externalEmails).toEqual([]);
  });

  it('separates a contact from outside the domains', async () => {
    const users = await usersByEmail();
    const expansion = await directory.expandGroups(['partners@example.net']);
    expect([...expansion.userIds]).toEqual([users.get('heidi@example.net')?.id]);
    expect(expansion.externalEmails).toEqual(['contact@partner-firm.example.org']);
  });

  it('reports an unknown group as NOT_FOUND', async () => {
    await expect(directory.expandGroups(['nope@example.com'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
