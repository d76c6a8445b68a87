import type { TGoogleConnection, TKeyUploadResult } from '@wac/api-contract';
import type { TEmulator } from '@wac/google-workspace-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAppHarness } from '../support/app-harness';
import {
  ALL_SCOPES,
  jsonKeyFile,
  SAMPLE_ADMIN,
  startGoogleHarness,
  type TCheckBody,
  uploadKey,
} from './support/google-connection.fixture';

type TUploadResult = TKeyUploadResult;
type TConnection = TGoogleConnection;

describe('Google key rotation', () => {
  let h: TAppHarness;
  let firstKey: ReturnType<TEmulator['createServiceAccountKey']>;

  beforeAll(async () => {
    h = await startGoogleHarness();
    firstKey = h.emulator.createServiceAccountKey({ delegatedScopes: ALL_SCOPES });
    expect((await uploadKey(h.app, h.admin, jsonKeyFile(firstKey.json))).json<TUploadResult>().outcome).toBe(
      'stored',
    );
    await h.admin.request({
      method: 'PUT',
      url: '/api/google/admin-user',
      payload: { adminUser: SAMPLE_ADMIN },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  const connection = async () =>
    (await h.admin.request({ method: 'GET', url: '/api/google/connection' })).json<TConnection>();
  const check = async () => {
    const response = await h.admin.request({ method: 'POST', url: '/api/google/check', payload: {} });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<TCheckBody>();
  };
  const upload = async (json: string) => {
    const response = await uploadKey(h.app, h.admin, jsonKeyFile(json));
    expect(response.statusCode, response.body).toBe(200);
    return response.json<TUploadResult>();
  };

  it('keeps the working key when the new one is not granted delegation, and says why', async () => {
    const ungranted = h.emulator.createServiceAccountKey({
      clientEmail: 'new-sa@wac-emulator.iam.gserviceaccount.com',
    });
    const result = await upload(ungranted.json);

    expect(result.outcome).toBe('candidate-rejected');
    expect(result.message).toContain(firstKey.keyId);
    expect(result.problem?.code).toBe('DELEGATION_NOT_AUTHORIZED');
    expect(result.problem?.message).toContain(ungranted.clientId);
    expect(result.problem?.remedy).toContain(ungranted.clientId);
    expect(result.problem?.remedy).toContain(ALL_SCOPES.join(', '));

    const state = await connection();
    expect(state.key?.privateKeyId).toBe(firstKey.keyId);
    expect(state.candidate).toMatchObject({
      privateKeyId: ungranted.keyId,
      clientId: ungranted.clientId,
      checkedAt: expect.any(String),
      problem: { code: 'DELEGATION_NOT_AUTHORIZED', message: expect.stringContaining(ungranted.clientId) },
    });
    const result2 = await check();
    expect(result2.isPassed).toBe(true);

    const audit = await h.database.prisma.auditLog.findMany({
      where: { action: 'google.key.rotation_rejected' },
    });
    expect(audit.map((entry) => entry.details)).toEqual([
      expect.objectContaining({
        privateKeyId: ungranted.keyId,
        activePrivateKeyId: firstKey.keyId,
        reason: 'DELEGATION_NOT_AUTHORIZED',
      }),
    ]);
  });

  it('keeps the working key when the new one was already deleted in Google', async () => {
    const deleted = h.emulator.createServiceAccountKey({ delegatedScopes: ALL_SCOPES });
    h.emulator.deleteServiceAccountKey(deleted.keyId);
    const result = await upload(deleted.json);
    expect(result.outcome).toBe('candidate-rejected');
    expect(result.problem?.code).toBe('INVALID_GRANT');
    expect(result.problem?.remedy).toMatch(/Create a new JSON key/);
    expect((await connection()).key?.privateKeyId).toBe(firstKey.keyId);
  });

  it('lets the admin discard a rejected candidate', async () => {
    const response = await h.admin.request({ method: 'DELETE', url: '/api/google/key/candidate' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<TConnection>().candidate).toBeUndefined();
    expect(response.json<TConnection>().key?.privateKeyId).toBe(firstKey.keyId);
    const audit = await h.database.prisma.auditLog.count({
      where: { action: 'google.key.candidate_discarded' },
    });
    expect(audit).toBe(1);
  });

  it('promotes a new key that passes its check, and the product then signs with it', async () => {
    const services = h.app.services.googleConnection;
    const providerBefore = await services.getTokenProvider();
    expect(await services.getTokenProvider()).toBe(providerBefore);

    const secondKey = h.emulator.createServiceAccountKey();
    const result = await upload(secondKey.json);
    expect(result.outcome).toBe('rotated');
    expect(result.message).toContain(firstKey.keyId);
    expect(result.connection.key?.privateKeyId).toBe(secondKey.keyId);
    expect(result.connection.candidate).toBeUndefined();

    const audit = await h.database.prisma.auditLog.findMany({ where: { action: 'google.key.rotated' } });
    expect(audit.map((entry) => entry.details)).toEqual([
      expect.objectContaining({ privateKeyId: secondKey.keyId, previousPrivateKeyId: firstKey.keyId }),
    ]);

    // With the old key gone from Google, only the new one can make these work.
    h.emulator.deleteServiceAccountKey(firstKey.keyId);
    const providerAfter = await services.getTokenProvider();
    expect(providerAfter).not.toBe(providerBefore);
    const token = await providerAfter.getAccessToken(SAMPLE_ADMIN, [ALL_SCOPES[0] ?? '']);
    expect(token.accessToken).not.toBe('');
    expect((await check()).isPassed).toBe(true);

    const directory = await services.getDirectoryClient();
    const emails: string[] = [];
    for await (const user of directory.users()) emails.push(user.primaryEmail);
    expect(emails).toContain(SAMPLE_ADMIN);
    expect(emails.length).toBe(h.emulator.state.summary().users.active);
  });
});
