import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  denialReasonOf,
  seedDirectoryUser,
  signInWithGoogle,
  startOidcHarness,
  type TOidcHarness,
} from './oidc-harness';

// Google account ids of the emulator's sample domain.
const GOOGLE_ID = {
  alice: '100000000000000000002',
  bob: '100000000000000000003',
  carol: '100000000000000000004',
  dave: '100000000000000000005',
  mallory: '100000000000000000012',
};
const ERIN_GOOGLE_ID = '100000000000000000006';

describe('Sign in with Google: which user, and may they log on', () => {
  let h: TOidcHarness;

  beforeAll(async () => {
    h = await startOidcHarness();
    const { database } = h;
    await seedDirectoryUser(database, { email: 'alice@example.com', googleUserId: GOOGLE_ID.alice });
    await seedDirectoryUser(database, { email: 'bob@example.com', googleUserId: null });
    await seedDirectoryUser(database, {
      email: 'carol@example.com',
      googleUserId: GOOGLE_ID.carol,
      privileges: [],
    });
    await seedDirectoryUser(database, {
      email: 'dave@example.com',
      googleUserId: GOOGLE_ID.dave,
      isSuspended: true,
    });
    await seedDirectoryUser(database, {
      email: 'mallory@example.com',
      googleUserId: '999999999999999999999',
    });
    await seedDirectoryUser(database, { email: 'heidi@example.com', authMethod: 'LOCAL' });
    // judy was synced once and deleted since: her archive stays under her old user name.
    await database.prisma.archiveFolder.create({
      data: { name: 'Archive of judy@example.com', ownerUserName: 'judy@example.com' },
    });
    h.emulator.state.addUser({ primaryEmail: 'heidi@example.com', givenName: 'Heidi', familyName: 'Local' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('gives a directory admin who signs in with Google an end-user session, not the console', async () => {
    await h.database.prisma.user.update({
      where: { userNameKey: 'alice@example.com' },
      data: { privileges: ['login', 'admin'] },
    });
    try {
      const { browser, response } = await signInWithGoogle(h.app, 'alice@example.com');
      expect(response.statusCode).toBe(303);
      const session = await browser.request({ method: 'GET', url: '/api/auth/session' });
      expect(session.json().user).toMatchObject({ userName: 'alice@example.com', isAdmin: false });
      const users = await browser.request({ method: 'GET', url: '/api/users' });
      expect(users.statusCode).toBe(403);
    } finally {
      await h.database.prisma.user.update({
        where: { userNameKey: 'alice@example.com' },
        data: { privileges: ['login'] },
      });
    }
  });

  it('matches by Google account id (sub)', async () => {
    const { response } = await signInWithGoogle(h.app, 'alice@example.com');
    expect(response.statusCode).toBe(303);
  });

  it('falls back to the address when no id is recorded yet, then records it', async () => {
    const { response } = await signInWithGoogle(h.app, 'bob@example.com');
    expect(response.statusCode, response.body).toBe(303);
    const bob = await h.database.prisma.user.findUniqueOrThrow({ where: { userNameKey: 'bob@example.com' } });
    expect(bob.googleUserId).toBe(GOOGLE_ID.bob);
    expect(
      await h.database.prisma.auditLog.count({
        where: { action: 'oidc.google_id.recorded', target: `user:${bob.id}` },
      }),
    ).toBe(1);
  });

  it('refuses the address fallback when the user is linked to a different Google account', async () => {
    const { response } = await signInWithGoogle(h.app, 'mallory@example.com');
    expect(response.statusCode).toBe(403);
    expect(denialReasonOf(response)).toBe('GOOGLE_ID_MISMATCH');
    const mallory = await h.database.prisma.user.findUniqueOrThrow({
      where: { userNameKey: 'mallory@example.com' },
    });
    expect(mallory.googleUserId).toBe('999999999999999999999');
  });

  it.each([
    ['frank@example.com', 'UNKNOWN_USER', 'frank@example.com is not a user of this archive server'],
    [
      'grace@example.net',
      'HD_MISMATCH',
      'belongs to example.net, which is not a domain of the Google Workspace',
    ],
    ['carol@example.com', 'LOGIN_NOT_PERMITTED', 'does not have the &quot;Log on&quot; privilege'],
    ['judy@example.com', 'USER_DELETED', 'was removed from this archive server'],
    ['heidi@example.com', 'NOT_DIRECTORY_USER', 'is a local user who signs in with a password'],
  ])('refuses %s with %s', async (email, reason, text) => {
    const { browser, response } = await signInWithGoogle(h.app, email);
    expect(response.statusCode).toBe(403);
    expect(denialReasonOf(response)).toBe(reason);
    expect(response.body).toContain(text);
    expect((await browser.request({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const audit = await h.database.prisma.auditLog.findFirst({
      where: { action: 'oidc.sign_in.denied', actorName: email },
      orderBy: { id: 'desc' },
    });
    expect(audit?.details).toMatchObject({ reason });
  });

  it('refuses a suspended user (even when Google still lets them through)', async () => {
    h.emulator.faults.suspendedUsersCanSignIn = true;
    try {
      const { response } = await signInWithGoogle(h.app, 'dave@example.com');
      expect(response.statusCode).toBe(403);
      expect(denialReasonOf(response)).toBe('USER_SUSPENDED');
    } finally {
      h.emulator.faults.reset();
    }
  });

  // Issue 10: Google's `archived` users are treated like suspended ones.
  it('refuses a user archived in Google Workspace (even when Google still lets them through)', async () => {
    const erin = await seedDirectoryUser(h.database, {
      email: 'erin@example.com',
      googleUserId: ERIN_GOOGLE_ID,
    });
    await h.database.prisma.user.update({ where: { id: erin.id }, data: { isArchived: true } });
    h.emulator.state.archiveUser('erin@example.com');
    h.emulator.faults.archivedUsersCanSignIn = true;
    try {
      const { browser, response } = await signInWithGoogle(h.app, 'erin@example.com');
      expect(response.statusCode).toBe(403);
      expect(denialReasonOf(response)).toBe('USER_ARCHIVED');
      expect(response.body).toContain('erin@example.com is archived in Google Workspace');
      expect((await browser.request({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
      const audit = await h.database.prisma.auditLog.findFirst({
        where: { action: 'oidc.sign_in.denied', actorName: 'erin@example.com' },
        orderBy: { id: 'desc' },
      });
      expect(audit?.details).toMatchObject({ reason: 'USER_ARCHIVED' });

      // Unarchived in Google and synced again: the same account signs in.
      await h.database.prisma.user.update({ where: { id: erin.id }, data: { isArchived: false } });
      expect((await signInWithGoogle(h.app, 'erin@example.com')).response.statusCode).toBe(303);
    } finally {
      h.emulator.faults.reset();
      h.emulator.state.archiveUser('erin@example.com', false);
    }
  });

  it('ends the session of a user archived after signing in, at their next request', async () => {
    const { browser, response } = await signInWithGoogle(h.app, 'alice@example.com');
    expect(response.statusCode).toBe(303);
    expect((await browser.request({ method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    await h.database.prisma.user.update({
      where: { userNameKey: 'alice@example.com' },
      data: { isArchived: true },
    });
    try {
      expect((await browser.request({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    } finally {
      await h.database.prisma.user.update({
        where: { userNameKey: 'alice@example.com' },
        data: { isArchived: false },
      });
    }
  });

  it('honours a change in the directory at the next sign-in', async () => {
    await h.database.prisma.user.update({
      where: { userNameKey: 'carol@example.com' },
      data: { privileges: ['login'] },
    });
    const { response } = await signInWithGoogle(h.app, 'carol@example.com');
    expect(response.statusCode).toBe(303);
  });
});
