import { importPKCS8, SignJWT } from 'jose';
import type { TServiceAccountKey } from '../keys/service-account-key.types';

// Google refuses assertions that live longer than an hour.
const ASSERTION_LIFETIME_SECONDS = 3600;

export type TAssertionClaims = { subject: string; scopes: readonly string[]; issuedAt: number };

export type TAssertionSigner = (claims: TAssertionClaims) => Promise<string>;

/** RFC 7523 JWT-bearer assertion for domain-wide delegation, signed RS256 with the key file's key. */
export function createAssertionSigner(key: TServiceAccountKey): TAssertionSigner {
  // Importing parses the PEM; doing it once per key keeps each token mint to one signature. Lazy, so
  // a key that fails to import surfaces as a rejected mint rather than an unhandled rejection.
  // A .p12 file does not carry Google's key id (ours is derived from the certificate). Without a kid
  // Google tries every active key of the account, as it always has for legacy .p12 signers.
  const header =
    key.format === 'p12' ? { alg: 'RS256', typ: 'JWT' } : { alg: 'RS256', typ: 'JWT', kid: key.privateKeyId };
  let privateKey: ReturnType<typeof importPKCS8> | undefined;
  const loadKey = () => {
    privateKey ??= importPKCS8(key.privateKeyPem, 'RS256');
    return privateKey;
  };
  return async ({ subject, scopes, issuedAt }) =>
    new SignJWT({ scope: scopes.join(' ') })
      .setProtectedHeader(header)
      .setIssuer(key.clientEmail)
      .setSubject(subject)
      .setAudience(key.tokenUri)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ASSERTION_LIFETIME_SECONDS)
      .sign(await loadKey());
}
