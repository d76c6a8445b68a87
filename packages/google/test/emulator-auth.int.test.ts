import { startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDelegatedTokenProvider,
  GOOGLE_SCOPES,
  GoogleAuthError,
  parseP12Key,
  parseServiceAccountKey,
  REQUIRED_DELEGATION_SCOPES,
} from '../src/index';

// Against the emulator's real JWT-bearer endpoint: signatures, delegation grants and users are checked there.
let emulator: TEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator?.close();
});

async function authError(promise: Promise<unknown>): Promise<GoogleAuthError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (error instanceof GoogleAuthError) return error;
  throw new Error(`expected a GoogleAuthError, got ${String(error)}`);
}

function newKey(delegatedScopes?: string[]) {
  const created = emulator.createServiceAccountKey({
    clientEmail: `sa-${Math.random().toString(36).slice(2)}@wac-emulator.iam.gserviceaccount.com`,
    ...(delegatedScopes ? { delegatedScopes } : {}),
  });
  return { created, key: parseServiceAccountKey(created.json) };
}

describe('delegated tokens against the emulator', () => {
  it('mints a token for a user with every connector scope, and the token checks out at /tokeninfo', async () => {
    const { created, key } = newKey([...REQUIRED_DELEGATION_SCOPES]);
    expect(key.tokenUri).toBe(emulator.tokenUri);
    expect(key.clientId).toBe(created.clientId);
    const provider = createDelegatedTokenProvider({ key });

    const token = await provider.getAccessToken('alice@example.com', REQUIRED_DELEGATION_SCOPES);
    const info = await fetch(
      `${emulator.url}/tokeninfo?access_token=${encodeURIComponent(token.accessToken)}`,
    );
    expect(info.status).toBe(200);
    const body = (await info.json()) as { email?: string; scope?: string };
    expect(body.email).toBe('alice@example.com');
    expect(body.scope?.split(' ').sort()).toEqual([...REQUIRED_DELEGATION_SCOPES].sort());

    const again = await provider.getAccessToken(
      'alice@example.com',
      [...REQUIRED_DELEGATION_SCOPES].reverse(),
    );
    expect(again.accessToken).toBe(token.accessToken);
    expect(provider.stats).toMatchObject({ tokensMinted: 1, cacheHits: 1 });
  });

  it('mints with a legacy .p12 key, its Client ID read from the certificate', async () => {
    const p12 = emulator.createP12Key({
      clientEmail: 'legacy-p12@wac-emulator.iam.gserviceaccount.com',
      delegatedScopes: [GOOGLE_SCOPES.mail],
    });
    const key = parseP12Key(p12.p12, { clientEmail: p12.clientEmail, tokenUri: emulator.tokenUri });
    expect(key.clientId).toBe(p12.clientId);
    const token = await createDelegatedTokenProvider({ key }).getAccessToken('bob@example.com', [
      GOOGLE_SCOPES.mail,
    ]);
    expect(token.accessToken.length).toBeGreaterThan(10);
  });

  it('reports a scope missing from the delegation as DELEGATION_NOT_AUTHORIZED with the Client ID', async () => {
    const { key } = newKey([GOOGLE_SCOPES.directoryUsers, GOOGLE_SCOPES.directoryGroups]);
    const provider = createDelegatedTokenProvider({ key });
    await expect(
      provider.getAccessToken('admin@example.com', [GOOGLE_SCOPES.directoryUsers]),
    ).resolves.toBeTruthy();
    const error = await authError(provider.getAccessToken('alice@example.com', [GOOGLE_SCOPES.mail]));
    expect(error.code).toBe('DELEGATION_NOT_AUTHORIZED');
    expect(error.message).toContain(key.clientId);
    expect(error.message).toContain(GOOGLE_SCOPES.mail);
    expect(error.details.googleError).toBe('unauthorized_client');
  });

  it("reports a suspended user as INVALID_GRANT and keeps Google's description", async () => {
    const { key } = newKey([GOOGLE_SCOPES.mail]);
    const provider = createDelegatedTokenProvider({ key });
    const suspended = await authError(provider.getAccessToken('dave@example.com', [GOOGLE_SCOPES.mail]));
    expect(suspended.code).toBe('INVALID_GRANT');
    expect(suspended.message).toContain('Invalid email or User ID');
    expect(suspended.message).toMatch(/not suspended/);
    const unknown = await authError(provider.getAccessToken('nobody@example.com', [GOOGLE_SCOPES.mail]));
    expect(unknown.code).toBe('INVALID_GRANT');
  });

  it('reports a key deleted in Google Cloud as INVALID_GRANT that says to upload a current key', async () => {
    const { created, key } = newKey([GOOGLE_SCOPES.mail]);
    expect(emulator.deleteServiceAccountKey(created.keyId)).toBe(true);
    const error = await authError(
      createDelegatedTokenProvider({ key }).getAccessToken('bob@example.com', [GOOGLE_SCOPES.mail]),
    );
    expect(error.code).toBe('INVALID_GRANT');
    expect(error.message).toMatch(/deleted or disabled/);
  });

  it('tolerates a server clock a little ahead, and names the clock when it is far off', async () => {
    const { key } = newKey([GOOGLE_SCOPES.mail]);
    const ahead = createDelegatedTokenProvider({ key, now: () => Date.now() + 4 * 60_000 });
    await expect(ahead.getAccessToken('bob@example.com', [GOOGLE_SCOPES.mail])).resolves.toBeTruthy();
    const wrong = createDelegatedTokenProvider({ key, now: () => Date.now() + 3 * 3600_000 });
    const error = await authError(wrong.getAccessToken('bob@example.com', [GOOGLE_SCOPES.mail]));
    expect(error.code).toBe('INVALID_GRANT');
    expect(error.message).toMatch(/clock/);
  });

  it('reports a token endpoint nobody listens on as TOKEN_ENDPOINT_UNREACHABLE', async () => {
    const gone = await startEmulator({ port: 0 });
    const created = gone.createServiceAccountKey({ delegatedScopes: [GOOGLE_SCOPES.mail] });
    await gone.close();
    const provider = createDelegatedTokenProvider({
      key: parseServiceAccountKey(created.json),
      timeoutMs: 2000,
    });
    const error = await authError(provider.getAccessToken('bob@example.com', [GOOGLE_SCOPES.mail]));
    expect(error.code).toBe('TOKEN_ENDPOINT_UNREACHABLE');
    expect(error.message).toContain(gone.tokenUri);
  });
});
