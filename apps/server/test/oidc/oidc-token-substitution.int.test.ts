import { randomBytes } from 'node:crypto';
import type { CustomFetch } from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock';
import { createAuditService } from '../../src/modules/audit/audit.service';
import { createSessionService } from '../../src/modules/auth/session.service';
import { createOidcServices, type TOidcServices } from '../../src/modules/oidc';
import { createSecretBox } from '../../src/modules/secrets';
import { startGoogleStandIn, type TGoogleStandIn } from '../support/app-harness';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  chooseAccountAtGoogle,
  PUBLIC_BASE_URL,
  registerClientAtGoogle,
  seedDirectoryUser,
} from './oidc-harness';

// Another application registered at the same Google: its tokens must never sign anyone in here.
const OTHER_CLIENT = { clientId: 'other-app.apps.googleusercontent.com', clientSecret: 'other-secret' };

const CONTEXT = { ip: '127.0.0.1', requestId: null };

type TTamper = { tokenRequest?: (body: URLSearchParams) => void; idToken?: (idToken: string) => string };

/**
 * A man in the middle between our server and Google, set through the flow's outbound-fetch
 * option: it can rewrite the token request and the id_token Google answers with. These are the
 * attacks the emulator (an honest Google) cannot stage by itself.
 */
function interceptingFetch(tamper: TTamper): CustomFetch {
  return async (url, options) => {
    if (!url.endsWith('/token')) return fetch(url, options);
    const body = new URLSearchParams(String(options.body));
    tamper.tokenRequest?.(body);
    const response = await fetch(url, { ...options, body });
    const json = (await response.json()) as Record<string, unknown>;
    if (typeof json.id_token === 'string' && tamper.idToken) json.id_token = tamper.idToken(json.id_token);
    return new Response(JSON.stringify(json), { status: response.status, headers: response.headers });
  };
}

describe('Sign in with Google: tokens that are not ours', () => {
  // No app here: the flow's services are built per attempt, each with its own tampering fetch.
  let h: TGoogleStandIn;
  const secretBox = createSecretBox(randomBytes(32));

  const servicesWith = (tamper: TTamper): TOidcServices => {
    const audit = createAuditService({ prisma: h.database.prisma, clock: systemClock });
    return createOidcServices({
      prisma: h.database.prisma,
      clock: systemClock,
      audit,
      sessions: createSessionService({ prisma: h.database.prisma, clock: systemClock }),
      secretBox,
      config: { issuer: h.emulator.issuer, publicUrl: undefined, allowInsecureForLocalTesting: true },
      fetch: interceptingFetch(tamper),
    });
  };

  /** Start with our client, let `rewrite` edit Google's URL, finish with the tampering fetch. */
  const attempt = async (tamper: TTamper, rewrite: (url: URL) => void = () => {}) => {
    const oidc = servicesWith(tamper);
    const started = await oidc.flow.start({ purpose: 'SIGN_IN' }, undefined);
    const authorizationUrl = new URL(started.authorizationUrl);
    rewrite(authorizationUrl);
    const callbackUrl = await chooseAccountAtGoogle(authorizationUrl, 'alice@example.com');
    return oidc.flow.finish({
      query: callbackUrl.searchParams,
      bindingToken: started.bindingToken,
      context: CONTEXT,
      userAgent: null,
    });
  };

  beforeAll(async () => {
    h = await startGoogleStandIn();
    registerClientAtGoogle(h.emulator);
    registerClientAtGoogle(h.emulator, OTHER_CLIENT);
    await seedDirectoryUser(h.database, {
      email: 'alice@example.com',
      googleUserId: '100000000000000000002',
    });
    await servicesWith({}).settings.update(
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, publicBaseUrl: PUBLIC_BASE_URL },
      { userId: null, name: 'test' },
      CONTEXT,
    );
  });

  afterAll(async () => {
    await h?.close();
  });

  it('signs in when nothing is tampered with (the interceptor itself is transparent)', async () => {
    const result = await attempt({});
    expect(result.kind).toBe('signed-in');
  });

  it('refuses a genuine, correctly signed id_token that Google issued to another application', async () => {
    const result = await attempt(
      {
        tokenRequest: (body) => {
          body.set('client_id', OTHER_CLIENT.clientId);
          body.set('client_secret', OTHER_CLIENT.clientSecret);
        },
      },
      (url) => url.searchParams.set('client_id', OTHER_CLIENT.clientId),
    );
    expect(result).toMatchObject({
      kind: 'denied',
      denial: { code: 'ID_TOKEN_WRONG_AUDIENCE', status: 401 },
    });
  });

  it('refuses an id_token whose signature does not verify against the JWKS', async () => {
    const result = await attempt({
      idToken: (token) => {
        const [header, payload, signature = ''] = token.split('.');
        const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
        return [header, payload, flipped].join('.');
      },
    });
    expect(result).toMatchObject({ kind: 'denied', denial: { code: 'ID_TOKEN_INVALID' } });
  });

  it('refuses an id_token whose claims were edited after signing', async () => {
    const result = await attempt({
      idToken: (token) => {
        const [header, payload = '', signature] = token.split('.');
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        claims.email = 'ceo@example.com';
        return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
      },
    });
    expect(result).toMatchObject({ kind: 'denied', denial: { code: 'ID_TOKEN_INVALID' } });
  });

  it('refuses when the client secret is wrong and says so', async () => {
    const result = await attempt({ tokenRequest: (body) => body.set('client_secret', 'not-the-secret') });
    expect(result).toMatchObject({ kind: 'denied', denial: { code: 'CLIENT_REJECTED' } });
  });
});
