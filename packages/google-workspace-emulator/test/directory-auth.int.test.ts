import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../src/auth/scopes';
import { startEmulator, type TEmulator } from '../src/emulator';
import { accessTokenFor, delegatedKey, getDirectory, requestToken } from './support/directory-client';

describe('Directory API authorisation', () => {
  let emulator: TEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('answers 401 Login Required without a token', async () => {
    const response = await getDirectory(emulator, '/users?customer=my_customer');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect(response.body).toEqual({
      error: {
        code: 401,
        message: expect.stringContaining('Request is missing required authentication credential'),
        errors: [
          {
            message: 'Login Required.',
            domain: 'global',
            reason: 'required',
            location: 'Authorization',
            locationType: 'header',
          },
        ],
        status: 'UNAUTHENTICATED',
      },
    });
  });

  it('answers 401 Invalid Credentials for an unknown token', async () => {
    const response = await getDirectory(emulator, '/users?customer=my_customer', 'ya29.forged');
    expect(response.status).toBe(401);
    expect((response.body.error as { errors: { reason: string }[] }).errors[0]!.reason).toBe('authError');
  });

  it('answers 403 Not Authorized when the impersonated user is not an admin', async () => {
    const token = await accessTokenFor(emulator, delegatedKey(emulator), 'alice@example.com');
    const response = await getDirectory(emulator, '/users?customer=my_customer', token);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      error: {
        code: 403,
        message: 'Not Authorized to access this resource/api',
        errors: [
          { message: 'Not Authorized to access this resource/api', domain: 'global', reason: 'forbidden' },
        ],
      },
    });
  });

  it('answers 403 to the service account acting as itself', async () => {
    const key = delegatedKey(emulator);
    const token = (await requestToken(emulator, key, { scopes: [SCOPES.directoryUserReadonly] })).body
      .access_token as string;
    expect((await getDirectory(emulator, '/users?customer=my_customer', token)).status).toBe(403);
  });

  it('answers 403 once an admin loses the role, and stops answering when the admin is suspended', async () => {
    emulator.state.addUser({
      primaryEmail: 'second-admin@example.com',
      givenName: 'Sec',
      familyName: 'Ond',
      isAdmin: true,
    });
    const token = await accessTokenFor(emulator, delegatedKey(emulator), 'second-admin@example.com');
    expect((await getDirectory(emulator, '/users?customer=my_customer', token)).status).toBe(200);
    emulator.state.setAdmin('second-admin@example.com', false);
    expect((await getDirectory(emulator, '/users?customer=my_customer', token)).status).toBe(403);
    emulator.state.setAdmin('second-admin@example.com', true);
    emulator.state.suspendUser('second-admin@example.com');
    expect((await getDirectory(emulator, '/users?customer=my_customer', token)).status).toBe(403);
  });

  it('requires the user scope for users and the group scope for groups and members', async () => {
    const key = delegatedKey(emulator);
    const usersOnly = await accessTokenFor(emulator, key, 'admin@example.com', [
      SCOPES.directoryUserReadonly,
    ]);
    const groupsOnly = await accessTokenFor(emulator, key, 'admin@example.com', [
      SCOPES.directoryGroupReadonly,
    ]);
    expect((await getDirectory(emulator, '/users?customer=my_customer', usersOnly)).status).toBe(200);
    const noGroups = await getDirectory(emulator, '/groups?customer=my_customer', usersOnly);
    expect(noGroups.status).toBe(403);
    expect((noGroups.body.error as { message: string }).message).toBe(
      'Request had insufficient authentication scopes.',
    );
    expect((await getDirectory(emulator, '/users/admin@example.com', groupsOnly)).status).toBe(403);
    expect((await getDirectory(emulator, '/groups?customer=my_customer', groupsOnly)).status).toBe(200);
    expect((await getDirectory(emulator, '/groups/staff@example.com/members', groupsOnly)).status).toBe(200);
  });
});
