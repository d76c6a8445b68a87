import { importPKCS8, SignJWT } from 'jose';

export type TAssertionInput = {
  privateKeyPem: string;
  keyId?: string;
  clientEmail: string;
  audience: string;
  scope?: string;
  subject?: string;
  issuedAt?: number;
  lifetimeSeconds?: number;
  algorithm?: string;
};

/** Signs an RFC 7523 assertion the way a Google client library does. */
export async function signAssertion(input: TAssertionInput): Promise<string> {
  const key = await importPKCS8(input.privateKeyPem, 'RS256');
  const issuedAt = input.issuedAt ?? Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {};
  if (input.scope !== undefined) claims.scope = input.scope;
  const jwt = new SignJWT(claims)
    .setProtectedHeader(
      input.keyId === undefined
        ? { alg: 'RS256', typ: 'JWT' }
        : { alg: 'RS256', typ: 'JWT', kid: input.keyId },
    )
    .setIssuer(input.clientEmail)
    .setAudience(input.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (input.lifetimeSeconds ?? 3600));
  if (input.subject !== undefined) jwt.setSubject(input.subject);
  return jwt.sign(key);
}

export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
