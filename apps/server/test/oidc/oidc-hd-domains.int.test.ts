import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcDenialError } from '../../src/modules/oidc';
import { connectGoogle } from '../directory-sync/support/directory-sync.fixture';
import { emulatorEnv, SAMPLE_ADMIN } from '../google-connection/support/google-connection.fixture';
import { startAppHarness, type TAppHarness } from '../support/app-harness';
import { seedDirectoryUser } from './oidc-harness';

// The sample organisation owns example.com (primary) and example.net. A group filter synced only
// example.net's users, so no synced user has an example.com address.
const GRACE = { sub: '100000000000000000008', email: 'grace@example.net', isEmailVerified: true };

async function denialOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof OidcDenialError) return error.denial.code;
    throw error;
  }
}

describe("Sign in with Google: the organisation's domains in hd", () => {
  let h: TAppHarness;

  beforeAll(async () => {
    h = await startAppHarness({
      env: (emulator) => ({
        ...emulatorEnv(emulator),
        GOOGLE_OIDC_ISSUER: emulator.issuer,
        ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING: 'true',
      }),
    });
    await seedDirectoryUser(h.database, { email: GRACE.email, googleUserId: GRACE.sub });
  });

  afterAll(async () => {
    await h?.close();
  });

  const resolve = (hd: string) => h.app.services.oidc.identities.resolve({ ...GRACE, hd });

  it("accepts the synced users' own domain", async () => {
    expect((await resolve('example.net')).user.userName).toBe(GRACE.email);
  });

  it('cannot confirm another domain before Google is connected, so refuses it', async () => {
    expect(await denialOf(() => resolve('example.com'))).toBe('HD_MISMATCH');
  });

  it("accepts the organisation's primary domain, which no synced user has, once Google confirms it", async () => {
    await connectGoogle(h.app, h.admin, h.emulator, SAMPLE_ADMIN);
    expect((await resolve('example.com')).user.userName).toBe(GRACE.email);
  });

  it("still refuses a domain that is not the organisation's, asking Google each time", async () => {
    expect(await denialOf(() => resolve('attacker.example'))).toBe('HD_MISMATCH');
    expect(await denialOf(() => resolve('example.org'))).toBe('HD_MISMATCH');
  });
});
