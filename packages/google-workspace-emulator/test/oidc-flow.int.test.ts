import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TEmulator } from '../src/emulator';
import {
  authorizeParams,
  CLIENT,
  choose,
  exchange,
  openAuthorize,
  pkcePair,
  signIn,
} from './support/oidc-browser';

describe('OIDC issuer', () => {
  let emulator: TEmulator;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.registerOidcClient(CLIENT);
    jwks = createRemoteJWKSet(new URL(`${emulator.url}/oauth2/v3/certs`));
  });
  afterEach(() => {
    emulator.faults.reset();
  });
  afterAll(async () => {
    await emulator.close();
  });

  const clientAuth = { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret };

  it('publishes a discovery document whose endpoints live on the emulator', async () => {
    const response = await fetch(`${emulator.url}/.well-known/openid-configuration`);
    expect(await response.json()).toMatchObject({
      issuer: emulator.issuer,
      authorization_endpoint: `${emulator.url}/o/oauth2/v2/auth`,
      token_endpoint: emulator.tokenUri,
      userinfo_endpoint: `${emulator.url}/v1/userinfo`,
      jwks_uri: `${emulator.url}/oauth2/v3/certs`,
      code_challenge_methods_supported: expect.arrayContaining(['S256']),
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });

  it('runs the code flow with PKCE and signs an id_token with the directory user id as sub', async () => {
    const { verifier, challenge } = pkcePair();
    const { params, callback, code } = await signIn(emulator, 'grace@example.net', {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(callback.origin + callback.pathname).toBe(CLIENT.redirectUris[0]);
    expect(callback.searchParams.get('state')).toBe(params.state);
    expect(callback.searchParams.get('hd')).toBe('example.net');

    const tokens = await exchange(emulator, { ...clientAuth, code, code_verifier: verifier });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3599,
    });
    const { payload, protectedHeader } = await jwtVerify(tokens.body.id_token as string, jwks, {
      issuer: emulator.issuer,
      audience: CLIENT.clientId,
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: '100000000000000000008',
      email: 'grace@example.net',
      email_verified: true,
      hd: 'example.net',
      nonce: params.nonce,
      name: 'Grace Green',
      given_name: 'Grace',
      family_name: 'Green',
      azp: CLIENT.clientId,
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);

    const userinfo = await fetch(`${emulator.url}/v1/userinfo`, {
      headers: { authorization: `Bearer ${tokens.body.access_token as string}` },
    });
    expect(await userinfo.json()).toMatchObject({
      sub: '100000000000000000008',
      email: 'grace@example.net',
      hd: 'example.net',
    });
  });

  it('refuses a replayed code and withdraws the token it bought', async () => {
    const { code } = await signIn(emulator, 'alice@example.com');
    const first = await exchange(emulator, { ...clientAuth, code });
    expect(first.status).toBe(200);
    const replay = await exchange(emulator, { ...clientAuth, code });
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });
    const userinfo = await fetch(`${emulator.url}/v1/userinfo`, {
      headers: { authorization: `Bearer ${first.body.access_token as string}` },
    });
    expect(userinfo.status).toBe(401);
  });

  it('refuses a wrong or missing code_verifier', async () => {
    const { challenge } = pkcePair();
    const wrong = await signIn(emulator, 'alice@example.com', {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(
      (await exchange(emulator, { ...clientAuth, code: wrong.code, code_verifier: pkcePair().verifier }))
        .body,
    ).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid code verifier.',
    });
    const missing = await signIn(emulator, 'alice@example.com', {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect((await exchange(emulator, { ...clientAuth, code: missing.code })).body).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses a redirect_uri at the token endpoint that differs from the authorization request', async () => {
    const { code } = await signIn(emulator, 'alice@example.com');
    const response = await exchange(emulator, {
      ...clientAuth,
      code,
      redirect_uri: 'https://archive.example.com/other',
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'redirect_uri_mismatch', error_description: 'Bad Request' });
  });

  it('authenticates the client with HTTP Basic and refuses a wrong secret or unknown client', async () => {
    const { code } = await signIn(emulator, 'alice@example.com');
    const basic = Buffer.from(
      `${encodeURIComponent(CLIENT.clientId)}:${encodeURIComponent(CLIENT.clientSecret)}`,
    ).toString('base64');
    expect((await exchange(emulator, { code }, { authorization: `Basic ${basic}` })).status).toBe(200);

    const other = await signIn(emulator, 'alice@example.com');
    const wrongSecret = await exchange(emulator, {
      code: other.code,
      client_id: CLIENT.clientId,
      client_secret: 'nope',
    });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toEqual({ error: 'invalid_client', error_description: 'Unauthorized' });
    const unknown = await exchange(emulator, { code: other.code, client_id: 'who', client_secret: 'x' });
    expect(unknown.body).toEqual({
      error: 'invalid_client',
      error_description: 'The OAuth client was not found.',
    });
  });

  it('shows an error page, not a redirect, for an unknown client or an unregistered redirect URI', async () => {
    const unknownClient = await openAuthorize(emulator, authorizeParams({ client_id: 'unknown' }));
    expect(unknownClient.status).toBe(401);
    expect(unknownClient.html).toContain('invalid_client');
    const badRedirect = await openAuthorize(
      emulator,
      authorizeParams({ redirect_uri: 'https://evil.example/cb' }),
    );
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.location).toBeNull();
    expect(badRedirect.html).toContain('redirect_uri_mismatch');
  });

  it('lists users on the login page, preselects login_hint and puts the hd domain first', async () => {
    const page = await openAuthorize(
      emulator,
      authorizeParams({ login_hint: 'ivan@example.net', hd: 'example.net', prompt: 'select_account' }),
    );
    expect(page.status).toBe(200);
    const listed = [...page.html.matchAll(/data-email="([^"]+)"/g)].map((match) => match[1]);
    expect(listed[0]).toBe('ivan@example.net');
    expect(listed.slice(1, 3)).toEqual(['grace@example.net', 'heidi@example.net']);
    expect(listed).toContain('alice@example.com');
    expect(page.html).toMatch(/data-email="ivan@example.net" autofocus/);
  });

  it('signs in by the account button as well as by the typed address', async () => {
    const page = await openAuthorize(emulator, authorizeParams());
    const chosen = await choose(emulator, { request: page.pendingId!, account: '100000000000000000003' });
    expect(chosen.status).toBe(302);
    expect(new URL(chosen.location!).searchParams.get('code')).toBeTruthy();
  });

  it('keeps the user on the login page for an unknown address or a suspended account', async () => {
    const page = await openAuthorize(emulator, authorizeParams());
    const unknown = await choose(emulator, { request: page.pendingId!, email: 'nobody@example.com' });
    expect(unknown.status).toBe(200);
    expect(unknown.html).toContain('find your Google Account');
    const suspended = await choose(emulator, { request: page.pendingId!, email: 'dave@example.com' });
    expect(suspended.location).toBeNull();
    expect(suspended.html).toContain('This account has been suspended');

    emulator.faults.suspendedUsersCanSignIn = true;
    const allowed = await choose(emulator, { request: page.pendingId!, email: 'dave@example.com' });
    expect(allowed.status).toBe(302);
  });

  it('carries a per-user email_verified=false into the id_token', async () => {
    emulator.state.updateUser('heidi@example.net', { emailVerified: false });
    const { code } = await signIn(emulator, 'heidi@example.net');
    const tokens = await exchange(emulator, { ...clientAuth, code });
    const { payload } = await jwtVerify(tokens.body.id_token as string, jwks, { issuer: emulator.issuer });
    expect(payload.email_verified).toBe(false);
    emulator.state.updateUser('heidi@example.net', { emailVerified: true });
  });

  it('mints an already expired id_token when the lifetime knob is negative', async () => {
    emulator.faults.idTokenLifetimeSeconds = -60;
    const { code } = await signIn(emulator, 'alice@example.com');
    const tokens = await exchange(emulator, { ...clientAuth, code });
    await expect(
      jwtVerify(tokens.body.id_token as string, jwks, { issuer: emulator.issuer }),
    ).rejects.toThrow(/exp/);
  });

  it('answers prompt=none with login_required at the redirect URI, since it keeps no session', async () => {
    const params = authorizeParams({ prompt: 'none' });
    const response = await openAuthorize(emulator, params);
    expect(response.status).toBe(302);
    const location = new URL(response.location!);
    expect(location.searchParams.get('error')).toBe('login_required');
    expect(location.searchParams.get('state')).toBe(params.state);
  });
});
