/** An error of Google's OAuth endpoints: `{"error": ..., "error_description": ...}`. */
export class OAuthError extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    readonly description?: string,
  ) {
    super(description ?? error);
    this.name = 'OAuthError';
  }

  toJSON(): Record<string, string> {
    return this.description === undefined
      ? { error: this.error }
      : { error: this.error, error_description: this.description };
  }
}

// Google's wording, so that code written against the emulator recognises the real thing.
export const oauthErrors = {
  unauthorizedClient: () =>
    new OAuthError(
      401,
      'unauthorized_client',
      'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
    ),
  unknownUser: () => new OAuthError(400, 'invalid_grant', 'Invalid email or User ID'),
  badSignature: () => new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.'),
  accountNotFound: () => new OAuthError(400, 'invalid_grant', 'Invalid grant: account not found'),
  badTimeframe: () =>
    new OAuthError(
      400,
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    ),
  badAudience: (tokenUri: string) =>
    new OAuthError(
      400,
      'invalid_grant',
      `Invalid JWT: Failed audience check. The right audience is ${tokenUri}`,
    ),
  missingScope: () => new OAuthError(400, 'invalid_scope', 'Empty or missing scope not allowed.'),
  badRequest: () => new OAuthError(400, 'invalid_grant', 'Bad Request'),
  missingParameter: (name: string) =>
    new OAuthError(400, 'invalid_request', `Required parameter is missing: ${name}`),
  unsupportedGrantType: (grantType: string) =>
    new OAuthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`),
  clientNotFound: () => new OAuthError(401, 'invalid_client', 'The OAuth client was not found.'),
  clientUnauthorized: () => new OAuthError(401, 'invalid_client', 'Unauthorized'),
  redirectUriMismatch: () => new OAuthError(400, 'redirect_uri_mismatch', 'Bad Request'),
  invalidCodeVerifier: () => new OAuthError(400, 'invalid_grant', 'Invalid code verifier.'),
  missingCodeVerifier: () => new OAuthError(400, 'invalid_grant', 'Missing code verifier.'),
  invalidToken: () => new OAuthError(400, 'invalid_token', 'Invalid Value'),
  rateLimited: () => new OAuthError(429, 'rate_limit_exceeded', 'Rate Limit Exceeded'),
  backend: (statusCode: number) => new OAuthError(statusCode, 'internal_failure', 'Backend Error'),
};
