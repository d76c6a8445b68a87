import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TEmulator } from '../src/emulator';
import { accessTokenFor, delegatedKey, getDirectory, listAll } from './support/directory-client';

describe('Directory API users', () => {
  let emulator: TEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    token = await accessTokenFor(emulator, delegatedKey(emulator), 'admin@example.com');
  });
  afterAll(async () => {
    await emulator.close();
  });

  const emailsOf = (body: Record<string, unknown>) =>
    ((body.users as { primaryEmail: string }[] | undefined) ?? []).map((user) => user.primaryEmail);

  it('lists every user of every domain for my_customer, in email order, 100 a page by default', async () => {
    const response = await getDirectory(emulator, '/users?customer=my_customer', token);
    expect(response.status).toBe(200);
    expect(response.body.kind).toBe('admin#directory#users');
    const emails = emailsOf(response.body);
    expect(emails).toHaveLength(12);
    expect(emails).toEqual([...emails].sort());
    expect(emails).toContain('grace@example.net');
    expect(response.body.nextPageToken).toBeUndefined();
  });

  it('pages with an opaque token and never repeats or skips a user', async () => {
    const first = await getDirectory(emulator, '/users?customer=my_customer&maxResults=5', token);
    expect(emailsOf(first.body)).toHaveLength(5);
    expect(first.body.nextPageToken).toEqual(expect.any(String));
    const all = await listAll(emulator, '/users?customer=my_customer&maxResults=5', 'users', token);
    expect(all.pages).toBe(3);
    const emails = all.items.map((user) => user.primaryEmail);
    expect(new Set(emails).size).toBe(12);
  });

  it('serves Google’s field names for a user resource', async () => {
    const response = await getDirectory(emulator, '/users/erin@example.com', token);
    expect(response.body).toMatchObject({
      kind: 'admin#directory#user',
      id: '100000000000000000006',
      etag: expect.stringMatching(/^".+"$/),
      primaryEmail: 'erin@example.com',
      name: { givenName: 'Erin', familyName: 'Evans', fullName: 'Erin Evans' },
      aliases: ['erin.evans@example.net'],
      suspended: false,
      isAdmin: false,
      orgUnitPath: '/Engineering',
      customerId: 'C03emu7ex',
      creationTime: '2021-03-06T09:00:00.000Z',
      lastLoginTime: '1970-01-01T00:00:00.000Z',
    });
  });

  it('gets a user by id, by primary email and by alias; 404 in Google’s shape otherwise', async () => {
    for (const key of ['100000000000000000006', 'erin@example.com', 'ERIN.EVANS@example.net']) {
      const response = await getDirectory(emulator, `/users/${encodeURIComponent(key)}`, token);
      expect(response.body.primaryEmail, key).toBe('erin@example.com');
    }
    const missing = await getDirectory(emulator, '/users/nobody@example.com', token);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: {
        code: 404,
        message: 'Resource Not Found: userKey',
        errors: [{ message: 'Resource Not Found: userKey', domain: 'global', reason: 'notFound' }],
      },
    });
  });

  it('restricts a listing to one domain with domain=', async () => {
    const response = await getDirectory(emulator, '/users?domain=example.net', token);
    expect(emailsOf(response.body)).toEqual(['grace@example.net', 'heidi@example.net', 'ivan@example.net']);
  });

  it.each([
    ['email:gr*', ['grace@example.net']],
    ["email:'erin.evans'", ['erin@example.com']],
    ['isSuspended=true', ['dave@example.com']],
    ['givenName:Al', ['alice@example.com']],
    ['familyName:h* isSuspended=false', ['heidi@example.net']],
    ['isAdmin=true', ['admin@example.com']],
    ["orgUnitPath='/Sales' email:b", ['bob@example.com']],
  ])('filters with query %s', async (query, expected) => {
    const response = await getDirectory(
      emulator,
      `/users?customer=my_customer&query=${encodeURIComponent(query)}`,
      token,
    );
    expect(emailsOf(response.body)).toEqual(expected);
  });

  it('pages a filtered listing', async () => {
    const all = await listAll(
      emulator,
      '/users?customer=my_customer&maxResults=2&query=isSuspended%3Dfalse',
      'users',
      token,
    );
    expect(all.items).toHaveLength(11);
    expect(all.pages).toBe(6);
  });

  it('lists in descending order with sortOrder=DESCENDING', async () => {
    const all = await listAll(
      emulator,
      '/users?customer=my_customer&maxResults=4&sortOrder=DESCENDING',
      'users',
      token,
    );
    const emails = all.items.map((user) => user.primaryEmail as string);
    expect(emails).toEqual([...emails].sort().reverse());
    expect(emails).toHaveLength(12);
  });

  it('returns only the requested fields', async () => {
    const response = await getDirectory(
      emulator,
      `/users?customer=my_customer&maxResults=2&fields=${encodeURIComponent('nextPageToken,users(id,primaryEmail,name/givenName)')}`,
      token,
    );
    expect(response.body).toEqual({
      nextPageToken: expect.any(String),
      users: [
        { id: '100000000000000000001', primaryEmail: 'admin@example.com', name: { givenName: 'Ada' } },
        { id: '100000000000000000002', primaryEmail: 'alice@example.com', name: { givenName: 'Alice' } },
      ],
    });
  });

  it('shows deleted users only with showDeleted=true, and reflects live changes', async () => {
    emulator.state.addUser({ primaryEmail: 'temp@example.com', givenName: 'Tem', familyName: 'Porary' });
    expect(emailsOf((await getDirectory(emulator, '/users?customer=my_customer', token)).body)).toContain(
      'temp@example.com',
    );
    emulator.state.deleteUser('temp@example.com');
    const active = await getDirectory(emulator, '/users?customer=my_customer', token);
    const deleted = await getDirectory(emulator, '/users?customer=my_customer&showDeleted=true', token);
    expect(emailsOf(active.body)).not.toContain('temp@example.com');
    expect(emailsOf(deleted.body)).toEqual(['temp@example.com']);
    expect((deleted.body.users as Record<string, unknown>[])[0]!.deletionTime).toEqual(expect.any(String));
  });

  it('reflects a rename and a suspension made between requests', async () => {
    emulator.state.addUser({ primaryEmail: 'zed@example.com', givenName: 'Zed', familyName: 'Zimmer' });
    emulator.state.updateUser('zed@example.com', { primaryEmail: 'aaron@example.com', givenName: 'Aaron' });
    emulator.state.suspendUser('aaron@example.com');
    const response = await getDirectory(emulator, '/users/aaron@example.com', token);
    expect(response.body).toMatchObject({
      primaryEmail: 'aaron@example.com',
      suspended: true,
      name: { givenName: 'Aaron' },
    });
    expect((await getDirectory(emulator, '/users/zed@example.com', token)).status).toBe(404);
    emulator.state.deleteUser('aaron@example.com');
  });

  it.each([
    ['neither customer nor domain', '/users', 400, 'Bad Request'],
    [
      'maxResults over 500',
      '/users?customer=my_customer&maxResults=501',
      400,
      "Invalid value '501'. Values must be within the range: [1, 500]",
    ],
    ['a forged page token', '/users?customer=my_customer&pageToken=bm90LWEtdG9rZW4', 400, 'Invalid Input'],
    [
      'an unsupported query field',
      '/users?customer=my_customer&query=phone%3D1',
      400,
      'Invalid Input: phone=1',
    ],
    [
      'a domain of another customer',
      '/users?domain=elsewhere.com',
      403,
      'Not Authorized to access this resource/api',
    ],
  ])('refuses %s', async (_name, path, status, message) => {
    const response = await getDirectory(emulator, path, token);
    expect(response.status).toBe(status);
    expect((response.body.error as { message: string }).message).toBe(message);
  });

  it('refuses a page token issued for another filter', async () => {
    const first = await getDirectory(emulator, '/users?customer=my_customer&maxResults=2', token);
    const reused = await getDirectory(
      emulator,
      `/users?domain=example.net&maxResults=2&pageToken=${first.body.nextPageToken as string}`,
      token,
    );
    expect(reused.status).toBe(400);
  });
});
