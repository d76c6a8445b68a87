import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import type { TUser } from '../domain/user.store';
import type { TEmulatorContext } from '../emulator-context';

type TDeps = Pick<TEmulatorContext, 'signingKey' | 'faults' | 'now' | 'origin'>;

/** An id_token as Google signs it; email and profile claims only for the scopes that ask for them. */
export async function mintIdToken(
  deps: TDeps,
  input: { user: TUser; clientId: string; scopes: readonly string[]; nonce?: string; accessToken: string },
): Promise<string> {
  const { user, clientId, scopes, nonce, accessToken } = input;
  const issuedAt = Math.floor(deps.now() / 1000);
  const claims: Record<string, unknown> = {
    azp: clientId,
    at_hash: atHash(accessToken),
    hd: user.primaryEmail.slice(user.primaryEmail.indexOf('@') + 1),
  };
  if (scopes.includes('email')) {
    claims.email = user.primaryEmail;
    claims.email_verified = user.emailVerified;
  }
  if (scopes.includes('profile')) {
    claims.name = `${user.givenName} ${user.familyName}`;
    claims.given_name = user.givenName;
    claims.family_name = user.familyName;
  }
  if (nonce !== undefined) claims.nonce = nonce;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: deps.signingKey.kid, typ: 'JWT' })
    .setIssuer(deps.origin.url)
    .setAudience(clientId)
    .setSubject(user.id)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + deps.faults.idTokenLifetimeSeconds)
    .sign(deps.signingKey.privateKey);
}

/** OIDC Core 3.1.3.6: the left half of the SHA-256 of the access token, base64url. */
function atHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
