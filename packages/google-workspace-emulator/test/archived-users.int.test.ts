import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TEmulator } from '../src/emulator';
import { accessTokenFor, delegatedKey, getDirectory } from './support/directory-client';
import { authorizeParams, CLIENT, choose, openAuthorize } from './support/oidc-browser';

// Google's `archived` flag (Archived User licence): served by the Directory API, set through the
// emulator's controls, and refused at the login page like a suspended account.
describe('archived users', () => {
  let emulator: TEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.registerOidcClient(CLIENT);
    token = await accessTokenFor(emulator, delegatedKey(emulator), 'admin@example.com');
  });
  afterEach(() => {
    emulator.faults.reset();
  });
  afterAll(async () => {
    await emulator.close();
  });

  const archivedOf = async () => {
    const response = await getDirectory(emulator, '/users?customer=my_customer', token);
    const users = response.body.users as { primaryEmail: string; archived: boolean }[];
    return Object.fromEntries(users.map((user) => [user.primaryEmail, user.archived]));
  };

  it('lists every user as not archived until told otherwise', async () => {
    const archived = await archivedOf();
    expect(Object.values(archived).every((value) => value === false)).toBe(true);
  });

  it('archives and unarchives a user over the control routes, and the Directory API says so', async () => {
    const patch = (archived: boolean) =>
      fetch(`${emulator.url}/emulator/users/carol@example.com`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ archived }),
      });
    const archive = await patch(true);
    expect(archive.status).toBe(200);
    expect(await archive.json()).toMatchObject({ primaryEmail: 'carol@example.com', archived: true });
    expect((await archivedOf())['carol@example.com']).toBe(true);
    expect((await archivedOf())['bob@example.com']).toBe(false);
    const single = await getDirectory(emulator, '/users/carol@example.com', token);
    expect(single.body).toMatchObject({ archived: true, suspended: false });

    expect((await patch(false)).status).toBe(200);
    expect((await archivedOf())['carol@example.com']).toBe(false);

    const invalid = await fetch(`${emulator.url}/emulator/users/carol@example.com`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ archived: 'yes' }),
    });
    expect(invalid.status).toBe(400);
  });

  it('keeps an archived user on the login page unless the fault knob lets them through', async () => {
    emulator.state.archiveUser('erin@example.com');
    try {
      const page = await openAuthorize(emulator, authorizeParams());
      const refused = await choose(emulator, { request: page.pendingId!, email: 'erin@example.com' });
      expect(refused.location).toBeNull();
      expect(refused.html).toContain('This account has been archived');

      const knob = await fetch(`${emulator.url}/emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ archivedUsersCanSignIn: true }),
      });
      expect(await knob.json()).toMatchObject({ archivedUsersCanSignIn: true });
      const allowed = await choose(emulator, { request: page.pendingId!, email: 'erin@example.com' });
      expect(allowed.status).toBe(302);
    } finally {
      emulator.state.archiveUser('erin@example.com', false);
    }
  });
});
