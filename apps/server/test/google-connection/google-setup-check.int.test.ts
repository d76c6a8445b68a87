import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TGoogleConnection } from '@wac/api-contract';
import type { TEmulator } from '@wac/google-workspace-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness, type TAppHarness } from '../support/app-harness';
import {
  ALL_SCOPES,
  emulatorEnv,
  itemOf,
  jsonKeyFile,
  SAMPLE_ADMIN,
  SAMPLE_ORDINARY_USER,
  SAMPLE_SUSPENDED_USER,
  startGoogleHarness,
  statusById,
  type TCheckBody,
  uploadKey,
} from './support/google-connection.fixture';

const [USERS_SCOPE, GROUPS_SCOPE, MAIL_SCOPE] = ALL_SCOPES as [string, string, string];

const ALL_IDS = [
  'key-signs',
  'admin-token',
  'scope-directory-users',
  'scope-directory-groups',
  'scope-mail',
  'users-list',
  'groups-list',
  'user-mail-token',
  'imap-all-mail',
];

describe('Check setup', () => {
  let h: TAppHarness;
  let key: ReturnType<TEmulator['createServiceAccountKey']>;

  beforeAll(async () => {
    h = await startGoogleHarness();
    key = h.emulator.createServiceAccountKey({ delegatedScopes: ALL_SCOPES });
  });

  afterAll(async () => {
    await h?.close();
  });

  const runCheck = async (body: object = {}) => {
    const response = await h.admin.request({ method: 'POST', url: '/api/google/check', payload: body });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<TCheckBody>();
    expect(result.items.map((item) => item.id)).toEqual(ALL_IDS);
    expect(result.isPassed).toBe(result.items.every((item) => item.status === 'passed'));
    return result;
  };
  const setAdminUser = async (adminUser: string) => {
    const response = await h.admin.request({
      method: 'PUT',
      url: '/api/google/admin-user',
      payload: { adminUser },
    });
    expect(response.statusCode, response.body).toBe(200);
  };

  describe('before the connection is set up', () => {
    it('fails at the key when none was uploaded, and skips the rest', async () => {
      const result = await runCheck();
      expect(itemOf(result, 'key-signs')).toMatchObject({
        status: 'failed',
        remedy: expect.stringMatching(/Upload the JSON key/),
      });
      expect(result.items.slice(1).every((item) => item.status === 'skipped')).toBe(true);
    });

    it('fails at the admin user when none is set', async () => {
      expect((await uploadKey(h.app, h.admin, jsonKeyFile(key.json))).statusCode).toBe(200);
      const result = await runCheck();
      expect(statusById(result)).toMatchObject({ 'key-signs': 'passed', 'admin-token': 'failed' });
      expect(itemOf(result, 'admin-token').remedy).toMatch(/super admin/);
      expect(result.items.slice(2).every((item) => item.status === 'skipped')).toBe(true);
    });
  });

  describe('with a key and an admin user', () => {
    beforeAll(async () => {
      await setAdminUser(SAMPLE_ADMIN);
    });

    afterEach(async () => {
      h.emulator.grantDelegation(key.clientId, ALL_SCOPES);
      h.emulator.faults.reset();
      h.emulator.gmail.faults.reset();
      await setAdminUser(SAMPLE_ADMIN);
    });

    it('passes every check against a domain set up correctly', async () => {
      const result = await runCheck();
      expect(result.items.filter((item) => item.status !== 'passed')).toEqual([]);
      expect(result.isPassed).toBe(true);
      expect(itemOf(result, 'key-signs').message).toContain(key.keyId);
      expect(itemOf(result, 'users-list').message).toContain('@example.');
      // The ordinary user comes from the directory: active and not an admin.
      const mailMessage = itemOf(result, 'user-mail-token').message;
      expect(mailMessage).not.toContain(SAMPLE_ADMIN);
      expect(mailMessage).not.toContain(SAMPLE_SUSPENDED_USER);
    });

    it('uses the ordinary user the admin names', async () => {
      const result = await runCheck({ testUser: 'Bob@Example.com' });
      expect(itemOf(result, 'user-mail-token')).toMatchObject({
        status: 'passed',
        message: expect.stringContaining('bob@example.com'),
      });
    });

    it('names the one scope missing from the delegation, with the Client ID', async () => {
      h.emulator.revokeDelegation(key.clientId, GROUPS_SCOPE);
      const result = await runCheck();
      expect(statusById(result)).toEqual({
        'key-signs': 'passed',
        'admin-token': 'failed',
        'scope-directory-users': 'passed',
        'scope-directory-groups': 'failed',
        'scope-mail': 'passed',
        'users-list': 'passed',
        'groups-list': 'skipped',
        'user-mail-token': 'passed',
        'imap-all-mail': 'passed',
      });
      expect(itemOf(result, 'admin-token').message).toMatch(/scope checks below/);
      expect(itemOf(result, 'admin-token').remedy).toBeUndefined();
      const scope = itemOf(result, 'scope-directory-groups');
      expect(scope.message).toContain(GROUPS_SCOPE);
      expect(scope.message).toContain(key.clientId);
      expect(scope.remedy).toContain(key.clientId);
      expect(scope.remedy).toContain('Domain Wide Delegation');
      expect(scope.remedy).toContain(`add ${GROUPS_SCOPE} to the OAuth scopes of Client ID ${key.clientId}`);
      expect(scope.message).not.toContain(USERS_SCOPE);
    });

    it('names the mail scope when only that one is missing', async () => {
      h.emulator.revokeDelegation(key.clientId, MAIL_SCOPE);
      const result = await runCheck();
      expect(statusById(result)).toMatchObject({
        'scope-mail': 'failed',
        'scope-directory-users': 'passed',
        'users-list': 'passed',
        'user-mail-token': 'skipped',
      });
      expect(itemOf(result, 'scope-mail').message).toContain(MAIL_SCOPE);
      // The IMAP row still tries, and says on the archiving row itself which scope to add.
      expect(itemOf(result, 'imap-all-mail')).toMatchObject({
        status: 'failed',
        remedy: expect.stringContaining(`add the scope ${MAIL_SCOPE}`),
      });
    });

    it('explains an admin user who is not an admin', async () => {
      await setAdminUser(SAMPLE_ORDINARY_USER);
      const result = await runCheck();
      expect(statusById(result)).toEqual({
        'key-signs': 'passed',
        'admin-token': 'passed',
        'scope-directory-users': 'passed',
        'scope-directory-groups': 'passed',
        'scope-mail': 'passed',
        'users-list': 'failed',
        'groups-list': 'failed',
        'user-mail-token': 'skipped',
        'imap-all-mail': 'skipped',
      });
      const users = itemOf(result, 'users-list');
      expect(users.message).toContain(SAMPLE_ORDINARY_USER);
      expect(users.message).toMatch(/Not Authorized/);
      expect(users.remedy).toMatch(/super admin.*Admin roles/s);
    });

    it('explains a suspended admin user', async () => {
      // Saving refuses an address Google will not act as, so the user is suspended after the save.
      h.emulator.state.suspendUser(SAMPLE_SUSPENDED_USER, false);
      await setAdminUser(SAMPLE_SUSPENDED_USER);
      h.emulator.state.suspendUser(SAMPLE_SUSPENDED_USER, true);
      const result = await runCheck();
      const token = itemOf(result, 'admin-token');
      expect(token.status).toBe('failed');
      expect(token.message).toContain(SAMPLE_SUSPENDED_USER);
      expect(token.message).toMatch(/suspended/);
      expect(token.remedy).toMatch(/restore the user or pick another active one/);
      expect(result.items.slice(2).map((item) => item.status)).toEqual(Array(7).fill('skipped'));
    });

    it('explains an ordinary user that Google does not know', async () => {
      const result = await runCheck({ testUser: 'nobody@example.com' });
      expect(itemOf(result, 'user-mail-token')).toMatchObject({
        status: 'failed',
        message: expect.stringContaining('nobody@example.com'),
      });
      expect(itemOf(result, 'imap-all-mail')).toMatchObject({
        status: 'skipped',
        message: expect.stringContaining('no mail token for nobody@example.com'),
      });
    });

    it('logs in over IMAP as the sample user and opens All Mail', async () => {
      h.emulator.gmail.addMessage('bob@example.com', {
        raw: Buffer.from('Subject: hello\r\nMessage-ID: <setup-check@example.com>\r\n\r\nHi.\r\n'),
        labels: ['\\Inbox'],
      });
      const result = await runCheck({ testUser: 'bob@example.com' });
      expect(itemOf(result, 'imap-all-mail')).toMatchObject({
        status: 'passed',
        message: expect.stringMatching(/as bob@example\.com .*opened \[Gmail\]\/All Mail \(1 message\)/),
      });
      // The check logs out again: it must not hold one of the user's 15 connections.
      for (
        let tries = 0;
        (h.emulator.imap?.connectionsOf('bob@example.com') ?? 0) > 0 && tries < 40;
        tries++
      ) {
        await sleep(50);
      }
      expect(h.emulator.imap?.connectionsOf('bob@example.com')).toBe(0);
    });

    it('names the Admin console switch when IMAP is disabled for the domain or the user', async () => {
      h.emulator.gmail.faults.domainImapDisabled = true;
      const domain = itemOf(await runCheck({ testUser: 'bob@example.com' }), 'imap-all-mail');
      expect(domain.status).toBe('failed');
      expect(domain.message).toMatch(/IMAP access is disabled/);
      expect(domain.remedy).toMatch(/Gmail > End User Access and turn on IMAP access/);
      h.emulator.gmail.faults.reset();

      h.emulator.gmail.faults.setAccountNotEnabled('bob@example.com', true);
      const user = itemOf(await runCheck({ testUser: 'bob@example.com' }), 'imap-all-mail');
      expect(user.status).toBe('failed');
      expect(user.message).toMatch(/not enabled for IMAP use/);
      expect(user.remedy).toMatch(/turn on IMAP access for the user's organisational unit/);
      // Only the IMAP row knows: every other check passed.
      h.emulator.gmail.faults.reset();
    });

    it('passes after Google answers 429 once, and says it retried', async () => {
      h.emulator.faults.failNext({
        status: 429,
        endpoint: 'directory.users.list',
        count: 1,
        retryAfterSeconds: 1,
      });
      const rateLimitedBefore = h.emulator.stats.count('directory.users.list:429');
      const result = await runCheck();
      expect(result.isPassed).toBe(true);
      expect(itemOf(result, 'users-list').message).toMatch(/retried/);
      expect(itemOf(result, 'groups-list').message).not.toMatch(/retried/);
      expect(h.emulator.stats.count('directory.users.list:429')).toBe(rateLimitedBefore + 1);
    });

    it('fails with the rate-limit remedy when Google keeps answering 429', async () => {
      h.emulator.faults.failNext({
        status: 429,
        endpoint: 'directory.groups.list',
        count: 10,
        retryAfterSeconds: 0,
      });
      const result = await runCheck();
      const groups = itemOf(result, 'groups-list');
      expect(groups.status).toBe('failed');
      expect(groups.message).toMatch(/rate limit/);
      expect(groups.remedy).toMatch(/Wait a few minutes/);
      expect(itemOf(result, 'users-list').status).toBe('passed');
    });

    it('reports a key deleted in Google as a key problem', async () => {
      const spare = h.emulator.createServiceAccountKey({ delegatedScopes: ALL_SCOPES });
      // A second app on its own database: uploading the spare key here would replace the working one.
      const other = await startGoogleHarness({ emulator: h.emulator });
      try {
        await uploadKey(other.app, other.admin, jsonKeyFile(spare.json));
        await other.admin.request({
          method: 'PUT',
          url: '/api/google/admin-user',
          payload: { adminUser: SAMPLE_ADMIN },
        });
        h.emulator.deleteServiceAccountKey(spare.keyId);
        const response = await other.admin.request({
          method: 'POST',
          url: '/api/google/check',
          payload: {},
        });
        const token = itemOf(response.json<TCheckBody>(), 'admin-token');
        expect(token.status).toBe('failed');
        expect(token.remedy).toMatch(/deleted or disabled in Google Cloud/);
      } finally {
        await other.close();
      }
    });

    it('changes nothing but its own stored result', async () => {
      const snapshot = async () => ({
        keys: await h.database.prisma.googleServiceAccountKey.findMany({ orderBy: { id: 'asc' } }),
        adminUser: (await h.database.prisma.googleConnection.findUnique({ where: { id: 1 } }))?.adminUser,
        audit: await h.database.prisma.auditLog.count(),
      });
      const before = await snapshot();
      await runCheck();
      await runCheck({ testUser: 'nobody@example.com' });
      expect(await snapshot()).toEqual(before);
    });

    it('keeps the last result, shown with the connection until the key or the admin user changes', async () => {
      const failedCheck = await runCheck({ testUser: 'nobody@example.com' });
      expect(failedCheck.isPassed).toBe(false);
      const connection = async () =>
        (await h.admin.request({ method: 'GET', url: '/api/google/connection' })).json<TGoogleConnection>();
      expect((await connection()).lastCheck).toEqual({ ...failedCheck, isCurrent: true });

      const passedCheck = await runCheck();
      expect(passedCheck.isPassed).toBe(true);
      expect((await connection()).lastCheck).toEqual({ ...passedCheck, isCurrent: true });

      await setAdminUser(SAMPLE_ORDINARY_USER);
      expect((await connection()).lastCheck).toEqual({ ...passedCheck, isCurrent: false });
      await setAdminUser(SAMPLE_ADMIN);
      expect((await connection()).lastCheck?.isCurrent).toBe(true);
    });
  });

  describe('when the IMAP server cannot be reached', () => {
    it('names the host and port and the variables that set them', async () => {
      const closedPort = await freePort();
      const other = await startAppHarness({
        emulator: h.emulator,
        env: (emulator) => ({ ...emulatorEnv(emulator), IMAP_PORT: String(closedPort) }),
      });
      try {
        const spare = h.emulator.createServiceAccountKey({ delegatedScopes: ALL_SCOPES });
        await uploadKey(other.app, other.admin, jsonKeyFile(spare.json));
        await other.admin.request({
          method: 'PUT',
          url: '/api/google/admin-user',
          payload: { adminUser: SAMPLE_ADMIN },
        });
        const response = await other.admin.request({ method: 'POST', url: '/api/google/check', payload: {} });
        const result = response.json<TCheckBody>();
        expect(itemOf(result, 'user-mail-token').status).toBe('passed');
        const imap = itemOf(result, 'imap-all-mail');
        expect(imap.status).toBe('failed');
        expect(imap.message).toContain(`127.0.0.1:${closedPort}`);
        expect(imap.message).toContain('ECONNREFUSED');
        expect(imap.remedy).toMatch(/IMAP_HOST, IMAP_PORT and IMAP_TLS/);
      } finally {
        await other.close();
      }
    });
  });
});

/** A loopback port nothing listens on (taken, then given back). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
