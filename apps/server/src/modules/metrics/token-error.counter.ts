import type { TFetch } from '@wac/google';

// Google's token endpoint answers these OAuth error codes (RFC 6749 §5.2 and its own); anything
// else is counted as `other`, so a strange reply cannot add series without bound.
const KNOWN_TOKEN_ERRORS = new Set([
  'invalid_grant',
  'unauthorized_client',
  'access_denied',
  'invalid_client',
  'invalid_request',
  'invalid_scope',
  'rate_limit_exceeded',
]);

const JWT_BEARER_BODY = 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer';

function isTokenRequest(init: RequestInit | undefined): boolean {
  return typeof init?.body === 'string' && init.body.includes(JWT_BEARER_BODY);
}

async function kindOf(response: Response): Promise<string> {
  try {
    const body = (await response.clone().json()) as { error?: unknown };
    if (typeof body.error === 'string' && KNOWN_TOKEN_ERRORS.has(body.error)) return body.error;
  } catch {
    // Not JSON: a proxy's or load balancer's error page.
  }
  return response.status >= 500 ? 'server_error' : 'other';
}

/**
 * The fetch Google is reached through, counting failed delegated-token requests by kind: Google's
 * OAuth error code, `server_error`, or `unreachable` when no answer came. Observing at the wire
 * counts every token the server mints (Check setup, sync, archiving, sending) in one place.
 */
export function countingTokenErrors(fetchImpl: TFetch, count: (kind: string) => void): TFetch {
  return async (input, init) => {
    if (!isTokenRequest(init)) return fetchImpl(input, init);
    let response: Response;
    try {
      response = await fetchImpl(input, init);
    } catch (error) {
      count('unreachable');
      throw error;
    }
    if (!response.ok) count(await kindOf(response));
    return response;
  };
}
