import { CONNECTOR_SCOPES } from '../../src/auth/scopes';
import type { TServiceAccountKey } from '../../src/auth/service-account-key.factory';
import type { TEmulator } from '../../src/emulator';
import { JWT_BEARER, postForm, signAssertion } from './assertion';

/** A fresh key with delegation for the connector's three scopes, as an admin would set it up. */
export function delegatedKey(emulator: TEmulator, clientEmail?: string): TServiceAccountKey {
  return emulator.createServiceAccountKey({ clientEmail, delegatedScopes: [...CONNECTOR_SCOPES] });
}

export async function requestToken(
  emulator: TEmulator,
  key: TServiceAccountKey,
  options: { subject?: string; scopes?: readonly string[] } = {},
) {
  const assertion = await signAssertion({
    privateKeyPem: key.privateKeyPem,
    keyId: key.keyId,
    clientEmail: key.clientEmail,
    audience: emulator.tokenUri,
    scope: (options.scopes ?? CONNECTOR_SCOPES).join(' '),
    subject: options.subject,
  });
  return postForm(emulator.tokenUri, { grant_type: JWT_BEARER, assertion });
}

export async function accessTokenFor(
  emulator: TEmulator,
  key: TServiceAccountKey,
  subject: string,
  scopes?: readonly string[],
): Promise<string> {
  const response = await requestToken(emulator, key, { subject, scopes });
  if (response.status !== 200) throw new Error(`token request failed: ${JSON.stringify(response.body)}`);
  return response.body.access_token as string;
}

export type TApiResponse = { status: number; headers: Headers; body: Record<string, unknown> };

export async function getDirectory(emulator: TEmulator, path: string, token?: string): Promise<TApiResponse> {
  const response = await fetch(`${emulator.url}/admin/directory/v1${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** Follows nextPageToken to the end, returning every page's items under `field`. */
export async function listAll(
  emulator: TEmulator,
  path: string,
  field: string,
  token: string,
): Promise<{ items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url = pageToken ? `${path}${separator}pageToken=${encodeURIComponent(pageToken)}` : path;
    const response = await getDirectory(emulator, url, token);
    if (response.status !== 200)
      throw new Error(`listing failed: ${response.status} ${JSON.stringify(response.body)}`);
    items.push(...((response.body[field] as Record<string, unknown>[] | undefined) ?? []));
    pageToken = response.body.nextPageToken as string | undefined;
    pages += 1;
  } while (pageToken);
  return { items, pages };
}
