import { describeNetworkError } from '../network-error';
import { GoogleAuthError, type TGoogleAuthErrorDetails } from './google-auth.error';

const DELEGATION_PAGE =
  'Admin console > Security > Access and data control > API controls > Domain-wide delegation';

export type TTokenRequestContext = Omit<
  TGoogleAuthErrorDetails,
  'httpStatus' | 'googleError' | 'googleErrorDescription'
>;

export type TTokenErrorBody = { error?: string; error_description?: string };

export function mapTokenEndpointError(
  context: TTokenRequestContext,
  httpStatus: number,
  body: TTokenErrorBody | null,
): GoogleAuthError {
  const details: TGoogleAuthErrorDetails = {
    ...context,
    httpStatus,
    ...(body?.error ? { googleError: body.error } : {}),
    ...(body?.error_description ? { googleErrorDescription: body.error_description } : {}),
  };
  const google = body?.error
    ? ` Google said: ${body.error}${body.error_description ? ` (${body.error_description})` : ''}.`
    : '';
  if (body?.error === 'unauthorized_client') {
    return new GoogleAuthError(
      'DELEGATION_NOT_AUTHORIZED',
      `Domain-wide delegation is not granted for Client ID ${context.clientId} with the scopes requested: ` +
        `${context.scopes.join(', ')}. In the Google ${DELEGATION_PAGE}, add Client ID ${context.clientId} ` +
        `(or edit it) so its OAuth scopes include every one of them.${google}`,
      details,
    );
  }
  if (body?.error === 'invalid_grant') {
    return new GoogleAuthError(
      'INVALID_GRANT',
      `Google refused to issue a token for ${context.subject}.${google} ${explainInvalidGrant(context, body.error_description)}`,
      details,
    );
  }
  if (body?.error === 'invalid_client') {
    return new GoogleAuthError(
      'TOKEN_ENDPOINT_ERROR',
      `Google does not accept the service account ${context.clientEmail}: it may have been deleted or disabled in ` +
        `Google Cloud.${google} Check IAM & Admin > Service Accounts, then upload a key of an active service account.`,
      details,
    );
  }
  return new GoogleAuthError(
    'TOKEN_ENDPOINT_ERROR',
    `The token endpoint ${context.tokenUri} answered HTTP ${httpStatus} instead of a token.${google}` +
      (httpStatus >= 500 ? ' This is usually temporary; try again in a few minutes.' : ''),
    details,
  );
}

function explainInvalidGrant(context: TTokenRequestContext, description: string | undefined): string {
  const text = description?.toLowerCase() ?? '';
  if (text.includes('signature') || text.includes('account not found') || text.includes('key')) {
    return (
      `The key ${context.clientEmail} signed with is no longer valid: it was probably deleted or disabled in ` +
      'Google Cloud (IAM & Admin > Service Accounts > Keys). Upload a current key.'
    );
  }
  if (text.includes('iat') || text.includes('exp') || text.includes('timeframe') || text.includes('time')) {
    return "This server's clock is probably wrong; synchronise it (NTP) and try again.";
  }
  if (text.includes('email') || text.includes('user')) {
    return (
      `Check that ${context.subject} is an existing, active (not suspended) user of your Google Workspace ` +
      'domain, spelled exactly as in the Admin console.'
    );
  }
  return (
    `Check that ${context.subject} exists and is not suspended, that the key was not deleted in Google Cloud, ` +
    "and that this server's clock is correct."
  );
}

export function mapTokenEndpointUnreachable(context: TTokenRequestContext, cause: unknown): GoogleAuthError {
  const reason = describeNetworkError(cause);
  return new GoogleAuthError(
    'TOKEN_ENDPOINT_UNREACHABLE',
    `Could not reach the token endpoint ${context.tokenUri}${reason ? ` (${reason})` : ''}. Check that this ` +
      'server can open HTTPS connections to it (DNS, firewall, proxy).',
    context,
  );
}
