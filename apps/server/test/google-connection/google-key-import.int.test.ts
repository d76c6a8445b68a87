import type { TGoogleConnection, TKeyUploadResult } from '@wac/api-contract';
import type { TEmulator } from '@wac/google-workspace-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TAppHarness } from '../support/app-harness';
import { openBrowser, signIn, type TBrowser } from '../support/test-app';
import { createUser } from '../support/users.fixture';
import {
  ALL_SCOPES,
  jsonKeyFile,
  SAMPLE_ADMIN,
  startGoogleHarness,
  type TCheckBody,
  type TErrorBody,
  uploadKey,
} from './support/google-connection.fixture';

type TConnectionBody = TGoogleConnection;

describe('Google service-account key import', () => {
  let h: TAppHarness;
  let validKey: ReturnType<TEmulator['createServiceAccountKey']>;

  beforeAll(async () => {
    h = await startGoogleHarness();
    validKey = h.emulator.createServiceAccountKey({ delegatedScopes: ALL_SCOPES });
  });

  afterAll(async () => {
    await h?.close();
  });

  const connection = async () => {
    const response = await h.admin.request({ method: 'GET', url: '/api/google/connection' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<TConnectionBody>();
  };

  describe('wrong files', () => {
    const keyJson = () => JSON.parse(validKey.json) as Record<string, unknown>;
    const withoutField = (field: string) => {
      const json = keyJson();
      delete json[field];
      return JSON.stringify(json);
    };
    const damagedKey = () => {
      const json = keyJson();
      const pem = String(json.private_key);
      // A key whose base64 body lost a chunk in the middle, as a careless edit would leave it.
      json.private_key = pem.slice(0, 200) + pem.slice(400);
      return JSON.stringify(json);
    };

    const cases: [string, () => { fileName: string; content: string | Buffer }, string, RegExp][] = [
      [
        'an OAuth web client JSON',
        () => ({
          fileName: 'client_secret_123.apps.googleusercontent.com.json',
          content: JSON.stringify({
            web: {
              client_id: '123.apps.googleusercontent.com',
              client_secret: 'GOCSPX-x',
              redirect_uris: [],
            },
          }),
        }),
        'KEY_FILE_IS_OAUTH_CLIENT',
        /OAuth client ID file \(web application\)/,
      ],
      [
        'an OAuth desktop client JSON',
        () => ({
          fileName: 'client_secret.json',
          content: JSON.stringify({ installed: { client_id: '1.apps.googleusercontent.com' } }),
        }),
        'KEY_FILE_IS_OAUTH_CLIENT',
        /desktop\/installed application/,
      ],
      [
        'an authorized_user credential',
        () => ({
          fileName: 'application_default_credentials.json',
          content: JSON.stringify({
            type: 'authorized_user',
            client_id: 'x',
            client_secret: 'y',
            refresh_token: 'z',
          }),
        }),
        'KEY_FILE_WRONG_TYPE',
        /personal user credential/,
      ],
      [
        'a truncated key',
        () => ({
          fileName: 'key.json',
          content: validKey.json.slice(0, Math.floor(validKey.json.length / 2)),
        }),
        'KEY_FILE_TRUNCATED',
        /cut short/,
      ],
      [
        'a file that is not JSON',
        () => ({ fileName: 'notes.txt', content: 'hello admin\n' }),
        'KEY_FILE_NOT_JSON',
        /not JSON/,
      ],
      [
        'a key without client_id',
        () => ({ fileName: 'key.json', content: withoutField('client_id') }),
        'KEY_FILE_MISSING_FIELD',
        /"client_id"/,
      ],
      [
        'a key with a damaged private key',
        () => ({ fileName: 'key.json', content: damagedKey() }),
        'KEY_FILE_BAD_PRIVATE_KEY',
        /damaged/,
      ],
      [
        'an oversized upload',
        () => ({ fileName: 'big.json', content: Buffer.alloc(70 * 1024, 0x20) }),
        'KEY_FILE_TOO_LARGE',
        /only a few KiB/,
      ],
      [
        'a .p12 file without the service-account email',
        () => ({ fileName: 'key.p12', content: h.emulator.createP12Key().p12 }),
        'KEY_FILE_MISSING_FIELD',
        /service account email/i,
      ],
      [
        'a .p12 file that is not PKCS#12',
        () => ({ fileName: 'key.p12', content: 'not a p12 file' }),
        'KEY_FILE_NOT_P12',
        /not a \.p12/,
      ],
    ];

    it.each(cases)('refuses %s with its own code and words', async (_label, file, code, message) => {
      const needsEmail = code === 'KEY_FILE_NOT_P12';
      const response = await uploadKey(
        h.app,
        h.admin,
        file(),
        needsEmail ? { clientEmail: 'wac@wac-emulator.iam.gserviceaccount.com' } : {},
      );
      expect(response.statusCode, response.body).toBe(400);
      const body = response.json<TErrorBody>();
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
      expect(body.error.requestId).toEqual(expect.any(String));
      expect((await connection()).key).toBeNull();
    });

    it('names the missing field in the details', async () => {
      const response = await uploadKey(h.app, h.admin, {
        fileName: 'key.json',
        content: withoutField('token_uri'),
      });
      expect(response.json<TErrorBody>().error.details).toMatchObject({ field: 'token_uri' });
    });

    it('asks for a file when the form has none, and for a form when the body is JSON', async () => {
      const noFile = await uploadKey(h.app, h.admin, undefined, { clientEmail: 'x@y.z' });
      expect(noFile.statusCode).toBe(400);
      expect(noFile.json<TErrorBody>().error.message).toMatch(/Choose the key file/);

      const json = await h.admin.request({
        method: 'POST',
        url: '/api/google/key',
        payload: JSON.parse(validKey.json),
      });
      expect(json.statusCode).toBe(400);
      expect(json.json<TErrorBody>().error.message).toMatch(/multipart\/form-data/);
    });
  });

  describe('a valid key', () => {
    it('starts with no key, no admin user, the three scopes to delegate and no Check setup yet', async () => {
      const body = await connection();
      expect(body).toEqual({ key: null, adminUser: null, requiredScopes: ALL_SCOPES, lastCheck: null });
    });

    it('is stored at once when it is the first key, and shows what the file determined', async () => {
      const response = await uploadKey(h.app, h.admin, jsonKeyFile(validKey.json));
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<TKeyUploadResult>();
      expect(body.outcome).toBe('stored');
      expect(body.message).toMatch(/Client ID/);
      expect(body.connection.key).toEqual({
        format: 'json',
        clientEmail: validKey.clientEmail,
        clientId: validKey.clientId,
        privateKeyId: validKey.keyId,
        projectId: 'wac-emulator',
        tokenUri: h.emulator.tokenUri,
        uploadedAt: expect.any(String),
        uploadedBy: 'admin',
        ageDays: 0,
      });
      expect(await connection()).toEqual(body.connection);
    });

    it('keeps the private key only in sealed form', async () => {
      const rows = await h.database.prisma.googleServiceAccountKey.findMany();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.sealedPrivateKey).toMatch(/^v1\./);
      const pemBody = validKey.privateKeyPem.split('\n')[1] ?? '';
      expect(pemBody.length).toBeGreaterThan(40);
      expect(rows[0]?.sealedPrivateKey).not.toContain(pemBody);
    });

    it('writes the import to the audit log, naming the key by id', async () => {
      const entries = await h.database.prisma.auditLog.findMany({ where: { action: 'google.key.imported' } });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorName: 'admin',
        target: `google-key:${validKey.keyId}`,
        details: { clientId: validKey.clientId, privateKeyId: validKey.keyId, format: 'json' },
      });
    });

    it('reports the key age in whole days', async () => {
      const tenDaysAgo = new Date(Date.now() - 10 * 24 * 3600 * 1000 - 60_000);
      await h.database.prisma.googleServiceAccountKey.updateMany({ data: { uploadedAt: tenDaysAgo } });
      expect((await connection()).key?.ageDays).toBe(10);
    });

    it('saves the admin user, trimmed and lower-cased, and audits the change', async () => {
      const response = await h.admin.request({
        method: 'PUT',
        url: '/api/google/admin-user',
        payload: { adminUser: '  Admin@Example.com ' },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<TConnectionBody>().adminUser).toBe(SAMPLE_ADMIN);
      const entries = await h.database.prisma.auditLog.findMany({
        where: { action: 'google.admin_user.changed' },
      });
      expect(entries.map((entry) => entry.details)).toEqual([{ from: null, to: SAMPLE_ADMIN }]);
    });

    it('refuses an admin user that is not an email address', async () => {
      const response = await h.admin.request({
        method: 'PUT',
        url: '/api/google/admin-user',
        payload: { adminUser: 'admin' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json<TErrorBody>().error.code).toBe('VALIDATION_FAILED');
      expect((await connection()).adminUser).toBe(SAMPLE_ADMIN);
    });
  });

  describe('a .p12 key', () => {
    // A connection of its own: this file's other tests expect their JSON key to stay.
    let p12: TAppHarness;

    beforeEach(async () => {
      p12 = await startGoogleHarness({ emulator: h.emulator });
      return () => p12.close();
    });

    it('is imported with the typed service-account email and passes Check setup', async () => {
      const key = h.emulator.createP12Key({
        clientEmail: 'legacy@wac-emulator.iam.gserviceaccount.com',
        delegatedScopes: ALL_SCOPES,
      });
      const response = await uploadKey(
        p12.app,
        p12.admin,
        { fileName: 'wac-emulator-legacy.p12', content: key.p12, contentType: 'application/x-pkcs12' },
        { clientEmail: key.clientEmail },
      );
      expect(response.statusCode, response.body).toBe(200);
      const { connection: body } = response.json<TKeyUploadResult>();
      expect(body.key).toMatchObject({
        format: 'p12',
        clientEmail: key.clientEmail,
        clientId: key.clientId,
        projectId: 'wac-emulator',
        tokenUri: h.emulator.tokenUri,
      });

      await p12.admin.request({
        method: 'PUT',
        url: '/api/google/admin-user',
        payload: { adminUser: SAMPLE_ADMIN },
      });
      const check = await p12.admin.request({ method: 'POST', url: '/api/google/check', payload: {} });
      expect(check.statusCode, check.body).toBe(200);
      const result = check.json<TCheckBody>();
      expect(result.items.filter((item) => item.status !== 'passed')).toEqual([]);
      expect(result.isPassed).toBe(true);
    });
  });

  describe('authorization', () => {
    let clerk: TBrowser;

    beforeAll(async () => {
      await createUser(h.database.prisma, {
        userName: 'clerk',
        password: 'clerk-password',
        privileges: ['login'],
      });
      clerk = await signIn(h.app, 'clerk', 'clerk-password');
    });

    it('answers 401 to a visitor without a session', async () => {
      const anonymous = await openBrowser(h.app);
      const get = await anonymous.request({ method: 'GET', url: '/api/google/connection' });
      expect(get.statusCode).toBe(401);
      expect(get.json<TErrorBody>().error.code).toBe('UNAUTHENTICATED');
      const upload = await uploadKey(h.app, anonymous, jsonKeyFile(validKey.json));
      expect(upload.statusCode).toBe(401);
      const check = await anonymous.request({ method: 'POST', url: '/api/google/check', payload: {} });
      expect(check.statusCode).toBe(401);
    });

    it('answers 403 to a signed-in user without the admin privilege', async () => {
      for (const request of [
        () => clerk.request({ method: 'GET', url: '/api/google/connection' }),
        () =>
          clerk.request({
            method: 'PUT',
            url: '/api/google/admin-user',
            payload: { adminUser: 'x@example.com' },
          }),
        () => clerk.request({ method: 'POST', url: '/api/google/check', payload: {} }),
        () => clerk.request({ method: 'DELETE', url: '/api/google/key/candidate' }),
        () => uploadKey(h.app, clerk, jsonKeyFile(validKey.json)),
      ]) {
        const response = await request();
        expect(response.statusCode, response.body).toBe(403);
        expect(response.json<TErrorBody>().error.code).toBe('FORBIDDEN');
      }
    });

    it('answers 403 CSRF_TOKEN_INVALID to an admin request without the CSRF token', async () => {
      for (const request of [
        () =>
          h.admin.request({
            method: 'PUT',
            url: '/api/google/admin-user',
            payload: { adminUser: 'x@example.com' },
            csrfToken: null,
          }),
        () => h.admin.request({ method: 'POST', url: '/api/google/check', payload: {}, csrfToken: null }),
        () => uploadKey(h.app, h.admin, jsonKeyFile(validKey.json), {}, { csrfToken: null }),
        () => uploadKey(h.app, h.admin, jsonKeyFile(validKey.json), {}, { csrfToken: 'forged-token' }),
      ]) {
        const response = await request();
        expect(response.statusCode, response.body).toBe(403);
        expect(response.json<TErrorBody>().error.code).toBe('CSRF_TOKEN_INVALID');
      }
      expect((await connection()).adminUser).toBe(SAMPLE_ADMIN);
    });
  });
});
