import { createHash, randomBytes } from 'node:crypto';
import type { TEmulator } from '../../src/emulator';

export const CLIENT = {
  clientId: '123456789012-emulator.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-emulator-secret',
  redirectUris: ['https://archive.example.com/oidc/signin'],
};

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** What a browser does between the relying party's redirect and the callback, without a browser. */
export async function openAuthorize(emulator: TEmulator, params: Record<string, string>) {
  const url = new URL(`${emulator.url}/o/oauth2/v2/auth`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const response = await fetch(url, { redirect: 'manual' });
  const html = await response.text();
  const pendingId = /name="request" value="([^"]+)"/.exec(html)?.[1];
  return { status: response.status, location: response.headers.get('location'), html, pendingId };
}

export async function choose(emulator: TEmulator, form: Record<string, string>) {
  const response = await fetch(`${emulator.url}/o/oauth2/v2/auth/choose`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
    redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

export function authorizeParams(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    client_id: CLIENT.clientId,
    redirect_uri: CLIENT.redirectUris[0]!,
    response_type: 'code',
    scope: 'openid email profile',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    ...overrides,
  };
}

/** Authorize, pick the account, return the code from the callback URL. */
export async function signIn(emulator: TEmulator, email: string, overrides: Record<string, string> = {}) {
  const params = authorizeParams(overrides);
  const page = await openAuthorize(emulator, params);
  if (!page.pendingId) throw new Error(`no login page: ${page.status} ${page.html}`);
  const chosen = await choose(emulator, { request: page.pendingId, email });
  if (!chosen.location) throw new Error(`no redirect: ${chosen.status} ${chosen.html}`);
  const callback = new URL(chosen.location);
  return { params, callback, code: callback.searchParams.get('code') ?? '' };
}

export async function exchange(
  emulator: TEmulator,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${emulator.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      redirect_uri: CLIENT.redirectUris[0]!,
      ...form,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
