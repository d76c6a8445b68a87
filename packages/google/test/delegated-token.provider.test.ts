import { describe, expect, it } from 'vitest';
import {
  createDelegatedTokenProvider,
  GOOGLE_SCOPES,
  GoogleAuthError,
  parseServiceAccountKey,
} from '../src/index';
import { fakeTokenEndpoint, verifyAssertion } from './support/fake-token-endpoint';
import { serviceAccountFile, testKeyPair } from './support/key-files';

const key = parseServiceAccountKey(serviceAccountFile({ token_uri: 'https://tokens.example.test/token' }));
const start = Date.parse('2026-03-01T10:00:00Z');

function setup(opts: { clockSkewSeconds?: number } = {}) {
  const endpoint = fakeTokenEndpoint();
  const clock = { now: start };
  const provider = createDelegatedTokenProvider({
    key,
    fetch: endpoint.fetch,
    now: () => clock.now,
    ...opts,
  });
  return { endpoint, clock, provider };
}

async function authError(promise: Promise<unknown>): Promise<GoogleAuthError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (error instanceof GoogleAuthError) return error;
  throw new Error(`expected a GoogleAuthError, got ${String(error)}`);
}

describe('createDelegatedTokenProvider', () => {
  it('posts an RFC 7523 assertion signed with the key to the key file token_uri', async () => {
    const { endpoint, provider } = setup({ clockSkewSeconds: 30 });
    const token = await provider.getAccessToken('ada@acme.test', [
      GOOGLE_SCOPES.mail,
      GOOGLE_SCOPES.directoryUsers,
    ]);

    expect(token).toMatchObject({
      accessToken: 'ya29.token-1',
      tokenType: 'Bearer',
      subject: 'ada@acme.test',
    });
    expect(token.expiresAt).toBe(start + 3599 * 1000);
    expect(endpoint.calls).toHaveLength(1);
    const [call] = endpoint.calls;
    expect(call?.url).toBe('https://tokens.example.test/token');
    expect(call?.grantType).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const { header, payload } = await verifyAssertion(call?.assertion ?? '', key.tokenUri, new Date(start));
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: key.privateKeyId });
    expect(payload).toEqual({
      iss: key.clientEmail,
      sub: 'ada@acme.test',
      aud: 'https://tokens.example.test/token',
      scope: `${GOOGLE_SCOPES.mail} ${GOOGLE_SCOPES.directoryUsers}`,
      iat: start / 1000 - 30,
      exp: start / 1000 - 30 + 3600,
    });
  });

  it('serves the same token from the cache for the same subject and scopes in any order', async () => {
    const { endpoint, provider } = setup();
    const first = await provider.getAccessToken('ada@acme.test', ['b', 'a']);
    const second = await provider.getAccessToken('ADA@acme.test', ['a', 'b', 'a']);
    const otherScopes = await provider.getAccessToken('ada@acme.test', ['a']);
    const otherUser = await provider.getAccessToken('bob@acme.test', ['a', 'b']);

    expect(second.accessToken).toBe(first.accessToken);
    expect(otherScopes.accessToken).not.toBe(first.accessToken);
    expect(otherUser.accessToken).not.toBe(first.accessToken);
    expect(endpoint.calls).toHaveLength(3);
    expect(provider.stats).toMatchObject({ cacheHits: 1, tokensMinted: 3, cachedTokens: 3 });
  });

  it('asks the token endpoint again when a fresh token is wanted, and caches that one', async () => {
    const { endpoint, provider } = setup();
    const first = await provider.getAccessToken('ada@acme.test', [GOOGLE_SCOPES.mail]);
    const fresh = await provider.getAccessToken('ada@acme.test', [GOOGLE_SCOPES.mail], { isFresh: true });
    const cached = await provider.getAccessToken('ada@acme.test', [GOOGLE_SCOPES.mail]);

    expect(endpoint.calls).toHaveLength(2);
    expect(fresh.accessToken).not.toBe(first.accessToken);
    expect(cached.accessToken).toBe(fresh.accessToken);
  });

  it('refreshes about five minutes before expiry', async () => {
    const { endpoint, clock, provider } = setup();
    await provider.getAccessToken('ada@acme.test', ['a']);
    clock.now = start + (3599 - 301) * 1000;
    await provider.getAccessToken('ada@acme.test', ['a']);
    expect(endpoint.calls).toHaveLength(1);
    clock.now = start + (3599 - 299) * 1000;
    const refreshed = await provider.getAccessToken('ada@acme.test', ['a']);
    expect(endpoint.calls).toHaveLength(2);
    expect(refreshed.accessToken).toBe('ya29.token-2');
  });

  it('still reuses a token that lives shorter than the refresh margin, for half its life', async () => {
    const { endpoint, clock, provider } = setup();
    endpoint.reply({ status: 200, body: { access_token: 'short', expires_in: 120, token_type: 'Bearer' } });
    await provider.getAccessToken('ada@acme.test', ['a']);
    clock.now = start + 59_000;
    expect((await provider.getAccessToken('ada@acme.test', ['a'])).accessToken).toBe('short');
    clock.now = start + 61_000;
    expect((await provider.getAccessToken('ada@acme.test', ['a'])).accessToken).toBe('ya29.token-2');
  });

  it('sends one request for concurrent callers of the same subject and scopes', async () => {
    const { endpoint, provider } = setup();
    endpoint.hold();
    const pending = Array.from({ length: 5 }, () => provider.getAccessToken('ada@acme.test', ['a']));
    const other = provider.getAccessToken('bob@acme.test', ['a']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    endpoint.release();
    const tokens = await Promise.all(pending);
    await other;

    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    expect(endpoint.calls).toHaveLength(2);
    expect(provider.stats).toMatchObject({ sharedRequests: 4, tokensMinted: 2 });
  });

  it('does not cache failures: the next call asks again', async () => {
    const { endpoint, provider } = setup();
    endpoint.reply({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid email or User ID' },
    });
    await expect(provider.getAccessToken('ada@acme.test', ['a'])).rejects.toBeInstanceOf(GoogleAuthError);
    await expect(provider.getAccessToken('ada@acme.test', ['a'])).resolves.toMatchObject({
      accessToken: 'ya29.token-2',
    });
    expect(provider.stats.failures).toBe(1);
  });

  it('maps unauthorized_client to DELEGATION_NOT_AUTHORIZED naming the Client ID, scopes and where to fix it', async () => {
    const { endpoint, provider } = setup();
    endpoint.reply({
      status: 401,
      body: {
        error: 'unauthorized_client',
        error_description:
          'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
      },
    });
    const error = await authError(
      provider.getAccessToken('admin@acme.test', [GOOGLE_SCOPES.directoryGroups]),
    );
    expect(error.code).toBe('DELEGATION_NOT_AUTHORIZED');
    expect(error.message).toContain(key.clientId);
    expect(error.message).toContain(GOOGLE_SCOPES.directoryGroups);
    expect(error.message).toContain(
      'Security > Access and data control > API controls > Domain-wide delegation',
    );
    expect(error.details).toMatchObject({
      clientId: key.clientId,
      subject: 'admin@acme.test',
      httpStatus: 401,
    });
  });

  it.each([
    ['Invalid email or User ID', /existing, active \(not suspended\) user/],
    ['Invalid JWT Signature.', /deleted or disabled/],
    [
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      /clock/,
    ],
  ])(
    'maps invalid_grant "%s" to INVALID_GRANT, keeps Google\'s words and explains',
    async (description, hint) => {
      const { endpoint, provider } = setup();
      endpoint.reply({ status: 400, body: { error: 'invalid_grant', error_description: description } });
      const error = await authError(provider.getAccessToken('gone@acme.test', ['a']));
      expect(error.code).toBe('INVALID_GRANT');
      expect(error.message).toContain(description);
      expect(error.message).toMatch(hint);
      expect(error.details.googleErrorDescription).toBe(description);
    },
  );

  it('maps a network failure to TOKEN_ENDPOINT_UNREACHABLE', async () => {
    const { endpoint, provider } = setup();
    endpoint.reply(
      new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }),
    );
    const error = await authError(provider.getAccessToken('ada@acme.test', ['a']));
    expect(error.code).toBe('TOKEN_ENDPOINT_UNREACHABLE');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain(key.tokenUri);
  });

  it.each([
    [503, 'Service Unavailable'],
    [400, { error: 'invalid_scope', error_description: 'Bad scope' }],
    [200, { token_type: 'Bearer' }],
  ])('maps HTTP %s with an unexpected body to TOKEN_ENDPOINT_ERROR', async (status, body) => {
    const { endpoint, provider } = setup();
    endpoint.reply({ status, body });
    const error = await authError(provider.getAccessToken('ada@acme.test', ['a']));
    expect(error.code).toBe('TOKEN_ENDPOINT_ERROR');
    expect(error.details.httpStatus).toBe(status);
  });

  it('never puts the private key or the assertion into an error', async () => {
    const { endpoint, provider } = setup();
    endpoint.reply({ status: 400, body: { error: 'unauthorized_client' } });
    const error = await authError(provider.getAccessToken('ada@acme.test', ['a']));
    const everything = `${error.message} ${JSON.stringify(error.details)} ${error.stack}`;
    const assertion = endpoint.calls[0]?.assertion ?? '';
    expect(assertion.length).toBeGreaterThan(100);
    expect(everything).not.toContain(assertion.split('.')[2]);
    expect(everything).not.toContain(testKeyPair().privateKeyPem.split('\n')[3]);
  });

  it('rejects a call without subject or scopes before signing anything', async () => {
    const { endpoint, provider } = setup();
    await expect(provider.getAccessToken(' ', ['a'])).rejects.toThrow(/email of the user/);
    await expect(provider.getAccessToken('ada@acme.test', [])).rejects.toThrow(/scope/);
    expect(endpoint.calls).toHaveLength(0);
  });

  it('evicts the oldest token when the cache is full', async () => {
    const endpoint = fakeTokenEndpoint();
    const provider = createDelegatedTokenProvider({
      key,
      fetch: endpoint.fetch,
      now: () => start,
      maxCachedTokens: 2,
    });
    await provider.getAccessToken('a@acme.test', ['s']);
    await provider.getAccessToken('b@acme.test', ['s']);
    await provider.getAccessToken('c@acme.test', ['s']);
    expect(provider.stats.cachedTokens).toBe(2);
    await provider.getAccessToken('c@acme.test', ['s']);
    await provider.getAccessToken('a@acme.test', ['s']);
    expect(endpoint.calls).toHaveLength(4);
  });
});
