import { AuthorizationResponseError, ClientError, ResponseBodyError } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { denialForGrantError } from './oidc-error.mapper';

// openid-client sets `code` itself (its typings do not take it in the constructor) and wraps
// oauth4webapi's failure, which records the failed claim, as the cause.
function clientError(code: string, cause?: unknown): ClientError {
  return Object.assign(new ClientError('check failed', { cause }), { code });
}

const claimFailure = (code: string, claim: string) =>
  clientError(code, Object.assign(new Error('inner'), { code, cause: { claim } }));

function responseBodyError(error: string): ResponseBodyError {
  const body = { error, error_description: 'x' };
  return new ResponseBodyError('server responded with an error in the response body', {
    cause: body,
    response: new Response(JSON.stringify(body), { status: 400 }),
  });
}

describe('denialForGrantError', () => {
  it.each([
    ['aud', 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'ID_TOKEN_WRONG_AUDIENCE'],
    ['azp', 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'ID_TOKEN_WRONG_AUDIENCE'],
    ['iss', 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'ID_TOKEN_WRONG_ISSUER'],
    ['nonce', 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'NONCE_MISMATCH'],
    ['exp', 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED', 'ID_TOKEN_EXPIRED'],
    ['nbf', 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED', 'ID_TOKEN_INVALID'],
    ['c_hash', 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'ID_TOKEN_INVALID'],
  ])('a failed "%s" check (%s) -> %s', (claim, code, expected) => {
    expect(denialForGrantError(claimFailure(code, claim)).code).toBe(expected);
  });

  it('treats a bad signature or unparsable token as untrustworthy', () => {
    expect(denialForGrantError(clientError('OAUTH_INVALID_RESPONSE')).code).toBe('ID_TOKEN_INVALID');
    expect(denialForGrantError(clientError('OAUTH_KEY_SELECTION_FAILED')).code).toBe('ID_TOKEN_INVALID');
  });

  it('tells a spent code from a rejected client', () => {
    expect(denialForGrantError(responseBodyError('invalid_grant')).code).toBe('CODE_REJECTED');
    expect(denialForGrantError(responseBodyError('invalid_client')).code).toBe('CLIENT_REJECTED');
  });

  it("passes Google's authorization error through", () => {
    const error = new AuthorizationResponseError('x', {
      cause: new URLSearchParams({ error: 'access_denied', state: 's' }),
    });
    expect(denialForGrantError(error)).toMatchObject({
      code: 'GOOGLE_ERROR',
      message: 'The sign-in was cancelled at Google.',
    });
  });

  it('calls network trouble unavailability, and anything unknown untrustworthy', () => {
    expect(denialForGrantError(new TypeError('fetch failed')).code).toBe('ISSUER_UNAVAILABLE');
    expect(denialForGrantError(clientError('OAUTH_TIMEOUT')).code).toBe('ISSUER_UNAVAILABLE');
    expect(denialForGrantError(new Error('?')).code).toBe('ID_TOKEN_INVALID');
  });
});
