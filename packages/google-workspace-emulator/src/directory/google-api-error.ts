type TErrorItem = {
  message: string;
  domain: string;
  reason: string;
  location?: string;
  locationType?: string;
};

/** An error of a Google JSON API: `{"error": {"code", "message", "errors": [...], "status"?}}`. */
export class GoogleApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly reason: string,
    readonly extra: {
      location?: string;
      locationType?: string;
      status?: string;
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.name = 'GoogleApiError';
  }

  toJSON(): { error: { code: number; message: string; errors: TErrorItem[]; status?: string } } {
    const item: TErrorItem = { message: this.itemMessage(), domain: 'global', reason: this.reason };
    if (this.extra.location) item.location = this.extra.location;
    if (this.extra.locationType) item.locationType = this.extra.locationType;
    const error: { code: number; message: string; errors: TErrorItem[]; status?: string } = {
      code: this.statusCode,
      message: this.message,
      errors: [item],
    };
    if (this.extra.status) error.status = this.extra.status;
    return { error };
  }

  // Google's 401s say one thing at the top level and a shorter thing per item.
  private itemMessage(): string {
    if (this.reason === 'required') return 'Login Required.';
    if (this.reason === 'authError') return 'Invalid Credentials';
    if (this.reason === 'insufficientPermissions') return 'Insufficient Permission';
    return this.message;
  }
}

const CREDENTIALS_HINT =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

export const apiErrors = {
  loginRequired: () =>
    new GoogleApiError(
      401,
      `Request is missing required authentication credential. ${CREDENTIALS_HINT}`,
      'required',
      {
        location: 'Authorization',
        locationType: 'header',
        status: 'UNAUTHENTICATED',
      },
    ),
  invalidCredentials: () =>
    new GoogleApiError(
      401,
      `Request had invalid authentication credentials. ${CREDENTIALS_HINT}`,
      'authError',
      {
        location: 'Authorization',
        locationType: 'header',
        status: 'UNAUTHENTICATED',
      },
    ),
  insufficientScopes: () =>
    new GoogleApiError(403, 'Request had insufficient authentication scopes.', 'insufficientPermissions', {
      status: 'PERMISSION_DENIED',
    }),
  notAuthorized: () => new GoogleApiError(403, 'Not Authorized to access this resource/api', 'forbidden'),
  notFound: (parameter: string) => new GoogleApiError(404, `Resource Not Found: ${parameter}`, 'notFound'),
  badRequest: () => new GoogleApiError(400, 'Bad Request', 'badRequest'),
  invalidInput: (detail?: string) =>
    new GoogleApiError(400, detail ? `Invalid Input: ${detail}` : 'Invalid Input', 'invalid'),
  outOfRange: (parameter: string, value: string, max: number) =>
    new GoogleApiError(
      400,
      `Invalid value '${value}'. Values must be within the range: [1, ${max}]`,
      'invalid',
      {
        location: parameter,
        locationType: 'parameter',
      },
    ),
  invalidFields: (fields: string) =>
    new GoogleApiError(400, `Invalid field selection ${fields}`, 'invalidParameter', {
      location: 'fields',
      locationType: 'parameter',
    }),
  rateLimited: (
    statusCode: 429 | 403,
    reason: 'rateLimitExceeded' | 'userRateLimitExceeded',
    retryAfter: number,
  ) =>
    new GoogleApiError(
      statusCode,
      reason === 'rateLimitExceeded' ? 'Rate Limit Exceeded' : 'User Rate Limit Exceeded',
      reason,
      { ...(statusCode === 429 ? { status: 'RESOURCE_EXHAUSTED' } : {}), retryAfterSeconds: retryAfter },
    ),
  backend: (statusCode: 500 | 503) =>
    statusCode === 500
      ? new GoogleApiError(500, 'Internal error encountered.', 'backendError', { status: 'INTERNAL' })
      : new GoogleApiError(503, 'The service is currently unavailable.', 'backendError', {
          status: 'UNAVAILABLE',
        }),
};
