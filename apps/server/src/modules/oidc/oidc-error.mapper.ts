import {
  AuthorizationResponseError,
  ClientError,
  ResponseBodyError,
  WWWAuthenticateChallengeError,
} from 'openid-client';
import { oidcDenial, type TOidcDenial, type TOidcDenialCode } from './oidc-denial';

// openid-client 6 error codes (from oauth4webapi) that say the id_token itself is unacceptable.
const TIMESTAMP_CHECK = 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED';
const CLAIM_COMPARISON = 'OAUTH_JWT_CLAIM_COMPARISON_FAILED';
const TOKEN_CONTENT_CODES = new Set([
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_PARSE_ERROR',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
  'OAUTH_UNSUPPORTED_OPERATION',
]);

const CLAIM_DENIALS: Record<string, TOidcDenialCode> = {
  aud: 'ID_TOKEN_WRONG_AUDIENCE',
  azp: 'ID_TOKEN_WRONG_AUDIENCE',
  iss: 'ID_TOKEN_WRONG_ISSUER',
  nonce: 'NONCE_MISMATCH',
  exp: 'ID_TOKEN_EXPIRED',
};

/** The `claim` oauth4webapi records on a failed check, wherever it sits in the cause chain. */
function failedClaimOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const claim = (current as { claim?: unknown }).claim;
    if (typeof claim === 'string') return claim;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Turns what openid-client throws during the code exchange into the reason shown to the user.
 * Anything unrecognised counts as an untrustworthy answer, never as success.
 */
export function denialForGrantError(error: unknown): TOidcDenial {
  if (error instanceof AuthorizationResponseError) return oidcDenial('GOOGLE_ERROR', { error: error.error });
  if (error instanceof ResponseBodyError) {
    return oidcDenial(error.error === 'invalid_client' ? 'CLIENT_REJECTED' : 'CODE_REJECTED');
  }
  // A token endpoint answers bad client credentials with 401 and a WWW-Authenticate challenge.
  if (error instanceof WWWAuthenticateChallengeError) {
    return oidcDenial(error.status === 401 ? 'CLIENT_REJECTED' : 'CODE_REJECTED');
  }
  if (error instanceof ClientError) {
    if (error.code === TIMESTAMP_CHECK || error.code === CLAIM_COMPARISON) {
      const claim = failedClaimOf(error.cause);
      const code = claim === undefined ? undefined : CLAIM_DENIALS[claim];
      return oidcDenial(code ?? 'ID_TOKEN_INVALID');
    }
    if (error.code !== undefined && TOKEN_CONTENT_CODES.has(error.code))
      return oidcDenial('ID_TOKEN_INVALID');
    return oidcDenial('ISSUER_UNAVAILABLE');
  }
  // fetch() failures (connection refused, DNS, TLS) surface as TypeError.
  if (error instanceof TypeError) return oidcDenial('ISSUER_UNAVAILABLE');
  return oidcDenial('ID_TOKEN_INVALID');
}
