import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { TAccessToken } from '../auth/access-token.store';
import type { TServiceAccount } from '../auth/service-account.registry';
import type { TEmulatorContext } from '../emulator-context';
import { oauthErrors } from './oauth-error';

const MAX_LIFETIME_SECONDS = 3600;
// Google tolerates a few minutes of clock difference between the signer and itself.
const CLOCK_SKEW_SECONDS = 300;

type TGrantDeps = Pick<
  TEmulatorContext,
  'serviceAccounts' | 'state' | 'tokens' | 'faults' | 'now' | 'origin'
>;

/** RFC 7523 JWT-bearer grant as Google runs it for service accounts and domain-wide delegation. */
export async function grantJwtBearer(deps: TGrantDeps, assertion: string): Promise<TAccessToken> {
  const { header, claims } = decodeAssertion(assertion);
  const account = typeof claims.iss === 'string' ? deps.serviceAccounts.findByEmail(claims.iss) : undefined;
  if (!account) throw oauthErrors.accountNotFound();
  if (header.alg !== 'RS256') throw oauthErrors.badSignature();
  await verifySignature(account, assertion, header.kid);

  const tokenUri = `${deps.origin.url}/token`;
  if (claims.aud !== tokenUri) throw oauthErrors.badAudience(tokenUri);
  assertTimeframe(claims, Math.floor(deps.now() / 1000));
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  if (scopes.length === 0) throw oauthErrors.missingScope();

  const lifetime = deps.faults.accessTokenLifetimeSeconds;
  if (claims.sub === undefined) {
    return deps.tokens.issue(
      {
        clientId: account.clientId,
        subject: account.clientId,
        email: account.clientEmail,
        isUserToken: false,
        scopes,
      },
      lifetime,
    );
  }
  const granted = deps.serviceAccounts.grantedScopes(account.clientId);
  if (!scopes.every((scope) => granted.has(scope))) throw oauthErrors.unauthorizedClient();
  const user = typeof claims.sub === 'string' ? deps.state.findActiveUser(claims.sub) : undefined;
  if (!user) throw oauthErrors.unknownUser();
  return deps.tokens.issue(
    { clientId: account.clientId, subject: user.id, email: user.primaryEmail, isUserToken: true, scopes },
    lifetime,
  );
}

function decodeAssertion(assertion: string): { header: { alg?: string; kid?: string }; claims: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(assertion), claims: decodeJwt(assertion) };
  } catch {
    throw oauthErrors.badRequest();
  }
}

async function verifySignature(account: TServiceAccount, assertion: string, keyId: string | undefined) {
  // Legacy .p12 signers send no kid: Google then tries every active key of the account.
  const candidates = keyId === undefined ? [...account.keys.values()] : [account.keys.get(keyId)];
  for (const key of candidates) {
    if (!key) continue;
    try {
      await compactVerify(assertion, key, { algorithms: ['RS256'] });
      return;
    } catch {
      // try the next key
    }
  }
  throw oauthErrors.badSignature();
}

function assertTimeframe(claims: JWTPayload, nowSeconds: number): void {
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number') throw oauthErrors.badTimeframe();
  const isInOrder = exp > iat && exp - iat <= MAX_LIFETIME_SECONDS;
  const isCurrent = iat <= nowSeconds + CLOCK_SKEW_SECONDS && exp > nowSeconds - CLOCK_SKEW_SECONDS;
  if (!isInOrder || !isCurrent) throw oauthErrors.badTimeframe();
}
