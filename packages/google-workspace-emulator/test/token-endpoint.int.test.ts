import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTOR_SCOPES, SCOPES } from '../src/auth/scopes';
import type { TServiceAccountKey } from '../src/auth/service-account-key.factory';
import { startEmulator, type TEmulator } from '../src/emulator';
import { JWT_BEARER, postForm, signAssertion, type TAssertionInput } from './support/assertion';
import { delegatedKey, requestToken } from './support/directory-client';

const UNAUTHORIZED_CLIENT = {
  error: 'unauthorized_client',
  error_description:
    'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
};
const BAD_TIMEFRAME =
  'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';

describe('POST /token, JWT-bearer grant', () => {
  let emulator: TEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  /** An assertion that would succeed for a delegated key, with the claims a test wants broken. */
  const assertionFor = (key: TServiceAccountKey, overrides: Partial<TAssertionInput> = {}) =>
    signAssertion({
      privateKeyPem: key.privateKeyPem,
      keyId: key.keyId,
      clientEmail: key.clientEmail,
      audience: emulator.tokenUri,
      scope: SCOPES.directoryUserReadonly,
      subject: 'admin@example.com',
      ...overrides,
    });
  const exchange = (assertion: string) => postForm(emulator.tokenUri, { grant_type: JWT_BEARER, assertion });

  it('issues a delegated token for an existing user when every scope is delegated', async () => {
    const key = delegatedKey(emulator);
    const response = await requestToken(emulator, key, { subject: 'alice@example.com' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      access_token: expect.stringMatching(/^ya29\./),
      expires_in: 3599,
      token_type: 'Bearer',
    });
  });

  it('accepts the user id as sub and an alias address as sub', async () => {
    const key = delegatedKey(emulator);
    const byId = await requestToken(emulator, key, { subject: '100000000000000000002' });
    const byAlias = await requestToken(emulator, key, { subject: 'erin.evans@example.net' });
    expect([byId.status, byAlias.status]).toEqual([200, 200]);
  });

  it('issues a token for the service account itself when there is no sub, without delegation', async () => {
    const key = emulator.createServiceAccountKey({
      clientEmail: 'no-delegation@wac-emulator.iam.gserviceaccount.com',
    });
    const response = await requestToken(emulator, key, {
      scopes: ['https://www.googleapis.com/auth/cloud-platform'],
    });
    expect(response.status).toBe(200);
    const info = await fetch(`${emulator.url}/tokeninfo?access_token=${response.body.access_token}`);
    expect(await info.json()).toMatchObject({ sub: key.clientId, email: key.clientEmail });
  });

  it('answers unauthorized_client (401) when one requested scope is not delegated', async () => {
    const key = emulator.createServiceAccountKey({
      clientEmail: 'partial@wac-emulator.iam.gserviceaccount.com',
      delegatedScopes: [SCOPES.directoryUserReadonly],
    });
    const allowed = await requestToken(emulator, key, {
      subject: 'admin@example.com',
      scopes: [SCOPES.directoryUserReadonly],
    });
    const refused = await requestToken(emulator, key, {
      subject: 'admin@example.com',
      scopes: [...CONNECTOR_SCOPES],
    });
    expect(allowed.status).toBe(200);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(UNAUTHORIZED_CLIENT);
  });

  it('answers unauthorized_client after delegation is revoked for one scope, and works again once granted', async () => {
    const key = delegatedKey(emulator, 'revoked@wac-emulator.iam.gserviceaccount.com');
    emulator.revokeDelegation(key.clientId, SCOPES.mail);
    const mail = await requestToken(emulator, key, { subject: 'bob@example.com', scopes: [SCOPES.mail] });
    expect(mail.status).toBe(401);
    emulator.grantDelegation(key.clientId, [SCOPES.mail]);
    const again = await requestToken(emulator, key, { subject: 'bob@example.com', scopes: [SCOPES.mail] });
    expect(again.status).toBe(200);
  });

  it('refuses an unknown user, a suspended user and a deleted user with invalid_grant', async () => {
    const key = delegatedKey(emulator);
    emulator.state.addUser({ primaryEmail: 'leaver@example.com', givenName: 'Lee', familyName: 'Leaver' });
    emulator.state.deleteUser('leaver@example.com');
    for (const subject of ['nobody@example.com', 'dave@example.com', 'leaver@example.com']) {
      const response = await requestToken(emulator, key, { subject });
      expect(response.status, subject).toBe(400);
      expect(response.body, subject).toEqual({
        error: 'invalid_grant',
        error_description: 'Invalid email or User ID',
      });
    }
  });

  it('refuses an assertion signed by a deleted key, while the account’s other key still works', async () => {
    const oldKey = delegatedKey(emulator, 'rotating@wac-emulator.iam.gserviceaccount.com');
    const newKey = delegatedKey(emulator, 'rotating@wac-emulator.iam.gserviceaccount.com');
    expect(newKey.clientId).toBe(oldKey.clientId);
    expect(emulator.deleteServiceAccountKey(oldKey.keyId)).toBe(true);
    const refused = await requestToken(emulator, oldKey, { subject: 'alice@example.com' });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    expect((await requestToken(emulator, newKey, { subject: 'alice@example.com' })).status).toBe(200);
  });

  it('refuses an assertion signed with a key that is not the registered one', async () => {
    const key = delegatedKey(emulator);
    const stranger = emulator.createServiceAccountKey({
      clientEmail: 'stranger@other.iam.gserviceaccount.com',
    });
    const assertion = await assertionFor(stranger, { keyId: key.keyId, clientEmail: key.clientEmail });
    const response = await exchange(assertion);
    expect(response.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
  });

  it('refuses an issuer that is no known service account', async () => {
    const key = delegatedKey(emulator);
    const assertion = await assertionFor(key, {
      clientEmail: 'ghost@wac-emulator.iam.gserviceaccount.com',
      subject: undefined,
    });
    const response = await exchange(assertion);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid grant: account not found',
    });
  });

  it('refuses the wrong audience and names the right one', async () => {
    const key = delegatedKey(emulator);
    const assertion = await assertionFor(key, { audience: 'https://oauth2.googleapis.com/token' });
    const response = await exchange(assertion);
    expect(response.body).toEqual({
      error: 'invalid_grant',
      error_description: `Invalid JWT: Failed audience check. The right audience is ${emulator.tokenUri}`,
    });
  });

  it.each([
    ['a lifetime over one hour', { lifetimeSeconds: 3601 }],
    ['an expired assertion', { issuedAt: Math.floor(Date.now() / 1000) - 7200 }],
    ['an assertion from the future beyond the skew', { issuedAt: Math.floor(Date.now() / 1000) + 900 }],
  ])('refuses %s', async (_name, timing) => {
    const key = delegatedKey(emulator);
    const assertion = await assertionFor(key, timing);
    const response = await exchange(assertion);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_grant', error_description: BAD_TIMEFRAME });
  });

  it('tolerates a signer clock a couple of minutes ahead', async () => {
    const key = delegatedKey(emulator);
    const assertion = await assertionFor(key, { issuedAt: Math.floor(Date.now() / 1000) + 120 });
    expect((await exchange(assertion)).status).toBe(200);
  });

  it('accepts an assertion without kid by trying the account’s keys, as for .p12 keys', async () => {
    const key = delegatedKey(emulator);
    const assertion = await assertionFor(key, { keyId: undefined });
    expect((await exchange(assertion)).status).toBe(200);
  });

  it('refuses a missing scope, a missing assertion, garbage and an unknown grant type', async () => {
    const key = delegatedKey(emulator);
    const noScope = await assertionFor(key, { scope: undefined });
    expect((await exchange(noScope)).body).toEqual({
      error: 'invalid_scope',
      error_description: 'Empty or missing scope not allowed.',
    });
    expect((await postForm(emulator.tokenUri, { grant_type: JWT_BEARER })).body).toEqual({
      error: 'invalid_request',
      error_description: 'Required parameter is missing: assertion',
    });
    expect(
      (await postForm(emulator.tokenUri, { grant_type: JWT_BEARER, assertion: 'not.a.jwt' })).body,
    ).toMatchObject({
      error: 'invalid_grant',
    });
    const password = await postForm(emulator.tokenUri, { grant_type: 'password' });
    expect(password.body).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Invalid grant_type: password',
    });
  });

  it('writes a key file in Google’s format whose token_uri is the emulator', () => {
    const key = emulator.createServiceAccountKey({
      projectId: 'acme-archive',
      clientEmail: 'sync@acme-archive.iam.gserviceaccount.com',
    });
    const file = JSON.parse(key.json) as Record<string, string>;
    expect(Object.keys(file).sort()).toEqual(
      [
        'type',
        'project_id',
        'private_key_id',
        'private_key',
        'client_email',
        'client_id',
        'auth_uri',
        'token_uri',
        'auth_provider_x509_cert_url',
        'client_x509_cert_url',
        'universe_domain',
      ].sort(),
    );
    expect(file).toMatchObject({
      type: 'service_account',
      project_id: 'acme-archive',
      private_key_id: key.keyId,
      client_email: 'sync@acme-archive.iam.gserviceaccount.com',
      client_id: key.clientId,
      token_uri: emulator.tokenUri,
    });
    expect(file.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect(file.client_id).toMatch(/^\d{21}$/);
  });
});

describe('GET /tokeninfo', () => {
  let emulator: TEmulator;
  let clockOffsetMs = 0;

  beforeAll(async () => {
    emulator = await startEmulator({ now: () => Date.now() + clockOffsetMs });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('describes a delegated token in Google’s string-valued shape, on both paths', async () => {
    const key = delegatedKey(emulator);
    const token = (await requestToken(emulator, key, { subject: 'grace@example.net', scopes: [SCOPES.mail] }))
      .body.access_token as string;
    for (const path of ['/tokeninfo', '/oauth2/v3/tokeninfo']) {
      const response = await fetch(`${emulator.url}${path}?access_token=${encodeURIComponent(token)}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, string>;
      expect(body).toEqual({
        azp: key.clientId,
        aud: key.clientId,
        sub: '100000000000000000008',
        scope: SCOPES.mail,
        exp: expect.stringMatching(/^\d+$/),
        expires_in: expect.stringMatching(/^\d+$/),
        email: 'grace@example.net',
        email_verified: 'true',
        access_type: 'online',
      });
      expect(Number(body.expires_in)).toBeGreaterThan(3500);
    }
  });

  it('answers 400 invalid_token for an unknown, missing or expired token', async () => {
    const unknown = await fetch(`${emulator.url}/tokeninfo?access_token=ya29.nope`);
    const missing = await fetch(`${emulator.url}/tokeninfo`);
    expect([unknown.status, missing.status]).toEqual([400, 400]);
    expect(await unknown.json()).toEqual({ error: 'invalid_token', error_description: 'Invalid Value' });

    const key = delegatedKey(emulator);
    const token = (await requestToken(emulator, key, { subject: 'alice@example.com' })).body
      .access_token as string;
    expect((await fetch(`${emulator.url}/tokeninfo?access_token=${token}`)).status).toBe(200);
    clockOffsetMs = 3600_000;
    try {
      expect((await fetch(`${emulator.url}/tokeninfo?access_token=${token}`)).status).toBe(400);
    } finally {
      clockOffsetMs = 0;
    }
  });
});
