import { createHash, timingSafeEqual } from 'node:crypto';
import type { TEmulatorContext } from '../emulator-context';
import { mintIdToken } from '../oidc/id-token';
import type { TOidcClient } from '../oidc/oidc-client.registry';
import { paramOf } from '../request-params';
import { oauthErrors } from './oauth-error';

type TDeps = Pick<
  TEmulatorContext,
  'oidcClients' | 'authorizations' | 'state' | 'tokens' | 'faults' | 'signingKey' | 'now' | 'origin'
>;

// Google reports granted OIDC scopes under their long names.
const SCOPE_NAMES: Record<string, string> = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
};

/** The code exchange of a confidential web client, with PKCE when the request carried a challenge. */
export async function grantAuthorizationCode(
  deps: TDeps,
  body: unknown,
  authorization: string | undefined,
): Promise<Record<string, unknown>> {
  const client = authenticateClient(deps, body, authorization);
  const codeValue = paramOf(body, 'code');
  if (codeValue === undefined) throw oauthErrors.missingParameter('code');
  const code = deps.authorizations.findCode(codeValue);
  if (!code || code.request.clientId !== client.clientId) throw oauthErrors.badRequest();
  if (code.isRedeemed) {
    // A replayed code may have been stolen: the tokens it bought are withdrawn too.
    for (const token of code.accessTokens) deps.tokens.revoke(token);
    throw oauthErrors.badRequest();
  }
  code.isRedeemed = true;
  if (paramOf(body, 'redirect_uri') !== code.request.redirectUri) throw oauthErrors.redirectUriMismatch();
  verifyPkce(code.request.codeChallenge, code.request.codeChallengeMethod, paramOf(body, 'code_verifier'));
  const user = deps.state.users.findById(code.userId);
  if (!user || user.deletionTime !== null) throw oauthErrors.badRequest();

  const requested = code.request.scope.split(' ').filter(Boolean);
  const scopes = requested.map((scope) => SCOPE_NAMES[scope] ?? scope);
  const token = deps.tokens.issue(
    { clientId: client.clientId, subject: user.id, email: user.primaryEmail, isUserToken: true, scopes },
    deps.faults.accessTokenLifetimeSeconds,
  );
  code.accessTokens.push(token.token);
  const response: Record<string, unknown> = {
    access_token: token.token,
    expires_in: deps.faults.accessTokenLifetimeSeconds,
    scope: scopes.join(' '),
    token_type: 'Bearer',
  };
  if (requested.includes('openid')) {
    response.id_token = await mintIdToken(deps, {
      user,
      clientId: client.clientId,
      scopes: requested,
      nonce: code.request.nonce,
      accessToken: token.token,
    });
  }
  return response;
}

/** client_secret_basic (RFC 6749 2.3.1: form-encoded id and secret) or client_secret_post. */
function authenticateClient(deps: TDeps, body: unknown, authorization: string | undefined): TOidcClient {
  let clientId = paramOf(body, 'client_id');
  let clientSecret = paramOf(body, 'client_secret');
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw oauthErrors.clientUnauthorized();
    clientId = decodeURIComponent(decoded.slice(0, colon).replaceAll('+', ' '));
    clientSecret = decodeURIComponent(decoded.slice(colon + 1).replaceAll('+', ' '));
  }
  const client = clientId === undefined ? undefined : deps.oidcClients.find(clientId);
  if (!client) throw oauthErrors.clientNotFound();
  if (clientSecret === undefined || !isSameSecret(clientSecret, client.clientSecret)) {
    throw oauthErrors.clientUnauthorized();
  }
  return client;
}

function verifyPkce(
  challenge: string | undefined,
  method: 'S256' | 'plain' | undefined,
  verifier: string | undefined,
) {
  if (challenge === undefined) return;
  if (verifier === undefined) throw oauthErrors.missingCodeVerifier();
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  if (computed !== challenge) throw oauthErrors.invalidCodeVerifier();
}

function isSameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
