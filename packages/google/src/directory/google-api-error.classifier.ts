import { describeNetworkError } from '../network-error';
import { DirectoryError } from './directory.error';

export type TApiResponse = {
  status: number;
  data: unknown;
  /** A plain object or a fetch Headers: googleapis-common flattens only the global Headers class, not node-fetch's. */
  headers: unknown;
};

export type TFailure = { error: DirectoryError; isRetryable: boolean; retryAfterHeader?: string };

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

type TGoogleErrorBody = { message?: string; reason?: string };

export function classifyApiFailure(response: TApiResponse, operation: string, adminUser: string): TFailure {
  const { status } = response;
  const google = readGoogleError(response.data);
  const details = {
    operation,
    httpStatus: status,
    ...(google.reason ? { reason: google.reason } : {}),
    ...(google.message ? { googleMessage: google.message } : {}),
  };
  const said = google.message ? ` Google said: "${google.message}".` : '';
  const retryAfterHeader = headerValue(response.headers, 'retry-after');
  const retryAfter = retryAfterHeader ? { retryAfterHeader } : {};

  if (status === 429 || (status === 403 && google.reason && RATE_LIMIT_REASONS.has(google.reason))) {
    return {
      isRetryable: true,
      ...retryAfter,
      error: new DirectoryError(
        'RATE_LIMITED',
        `Google's Directory API rate limit stopped ${operation}.${said} Wait a few minutes and try again; ` +
          'if it keeps happening, lower the query rate or raise the quota in Google Cloud (APIs & Services > Admin SDK API > Quotas).',
        details,
      ),
    };
  }
  if (status >= 500) {
    return {
      isRetryable: RETRYABLE_STATUSES.has(status),
      ...retryAfter,
      error: new DirectoryError(
        'GOOGLE_UNAVAILABLE',
        `Google's Directory API failed with HTTP ${status} while ${operation}.${said} This is usually temporary; try again later.`,
        details,
      ),
    };
  }
  if (status === 403 && isNotAuthorized(google)) {
    return {
      isRetryable: false,
      error: new DirectoryError(
        'NOT_AN_ADMIN',
        `${adminUser} may not read the directory (Google answered "Not Authorized to access this resource/api" ` +
          `while ${operation}). The impersonated user must be a super admin, or hold an admin role with the ` +
          'Users > Read and Groups > Read privileges (Admin console > Account > Admin roles). Change the admin ' +
          'user in the settings or grant that role.',
        details,
      ),
    };
  }
  if (status === 404) {
    return {
      isRetryable: false,
      error: new DirectoryError('NOT_FOUND', `Google found nothing while ${operation}.${said}`, details),
    };
  }
  return {
    isRetryable: false,
    error: new DirectoryError(
      'REQUEST_REJECTED',
      `Google's Directory API rejected ${operation} with HTTP ${status}.${said}`,
      details,
    ),
  };
}

export function networkFailure(cause: unknown, operation: string): TFailure {
  const reason = describeNetworkError(cause);
  return {
    isRetryable: true,
    error: new DirectoryError(
      'GOOGLE_UNAVAILABLE',
      `Could not reach Google's Directory API while ${operation} (${reason}). Check that this server can ` +
        'open HTTPS connections to the Admin SDK (DNS, firewall, proxy).',
      // No `cause`: the library's error carries the request, bearer token included, into any log.
      { operation },
    ),
  };
}

function isNotAuthorized(google: TGoogleErrorBody): boolean {
  return (
    google.reason === 'forbidden' || /not authorized to access this resource/i.test(google.message ?? '')
  );
}

function readGoogleError(data: unknown): TGoogleErrorBody {
  const error = (data as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null) return {};
  const { message, errors } = error as { message?: unknown; errors?: unknown };
  const first = Array.isArray(errors) ? (errors[0] as { reason?: unknown } | undefined) : undefined;
  return {
    ...(typeof message === 'string' ? { message } : {}),
    ...(typeof first?.reason === 'string' ? { reason: first.reason } : {}),
  };
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(key: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Record<string, unknown>)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}
