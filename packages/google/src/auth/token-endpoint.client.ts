import {
  mapTokenEndpointError,
  mapTokenEndpointUnreachable,
  type TTokenErrorBody,
  type TTokenRequestContext,
} from './token-error.mapper';

const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export type TFetch = typeof fetch;

export type TTokenResponse = { accessToken: string; expiresInSeconds: number; tokenType: string };

export async function requestDelegatedToken(
  fetchImpl: TFetch,
  context: TTokenRequestContext,
  assertion: string,
  timeoutMs: number,
): Promise<TTokenResponse> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(context.tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw mapTokenEndpointUnreachable(context, error);
  }
  const body = parseJson(text);
  if (!response.ok) throw mapTokenEndpointError(context, response.status, body as TTokenErrorBody | null);
  const token = readToken(body);
  if (!token) throw mapTokenEndpointError(context, response.status, null);
  return token;
}

function readToken(body: unknown): TTokenResponse | null {
  if (typeof body !== 'object' || body === null) return null;
  const { access_token, expires_in, token_type } = body as Record<string, unknown>;
  const expiresInSeconds = typeof expires_in === 'string' ? Number(expires_in) : expires_in;
  if (typeof access_token !== 'string' || access_token === '') return null;
  if (typeof expiresInSeconds !== 'number' || !Number.isFinite(expiresInSeconds) || expiresInSeconds <= 0) {
    return null;
  }
  return {
    accessToken: access_token,
    expiresInSeconds,
    tokenType: typeof token_type === 'string' ? token_type : 'Bearer',
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
