import { DirectoryError, GoogleAuthError, REQUIRED_DELEGATION_SCOPES } from '@wac/google';
import { SecretBoxError } from '../secrets';
import type { TGoogleProblem } from './google-connection.schemas';

export const DELEGATION_PAGE =
  'Google Admin console, under Security > Access and data control > API controls > Manage Domain Wide Delegation';

export type TProblemContext = { clientId: string; subject?: string; adminUser?: string | null };

/** Turns what went wrong talking to Google into words an admin can act on: what failed, then what to do. */
export function describeGoogleFailure(error: unknown, context: TProblemContext): TGoogleProblem {
  if (error instanceof GoogleAuthError) return describeAuthError(error, context);
  if (error instanceof DirectoryError) return describeDirectoryError(error, context);
  if (error instanceof SecretBoxError) {
    return {
      code: error.code,
      message: `The stored private key cannot be decrypted. ${error.message}`,
      remedy:
        'Start the server with the master key the key was stored under (SECRETS_KEY or DATA_DIR/secrets.key), ' +
        'or upload the service-account key again.',
    };
  }
  return {
    code: 'UNEXPECTED',
    message: 'An unexpected error stopped this check; the details are in the server log.',
    remedy: 'Run the check again; if it keeps failing, send the server log to support.',
  };
}

/** What to do when Google refuses delegated scopes; names the missing one when it is known. */
export function delegationRemedy(clientId: string, missingScope?: string): string {
  const what = missingScope
    ? `add ${missingScope} to the OAuth scopes of Client ID ${clientId}`
    : `add Client ID ${clientId} (or edit it) with all of the connector's OAuth scopes`;
  return (
    `In the ${DELEGATION_PAGE}, ${what}. The complete list is: ${REQUIRED_DELEGATION_SCOPES.join(', ')}. ` +
    'Google can take a few minutes to apply a change.'
  );
}

function describeAuthError(error: GoogleAuthError, context: TProblemContext): TGoogleProblem {
  const { subject, scopes, googleError, googleErrorDescription, httpStatus } = error.details;
  const said = googleError
    ? ` Google said: ${googleError}${googleErrorDescription ? ` (${googleErrorDescription})` : ''}.`
    : '';
  switch (error.code) {
    case 'DELEGATION_NOT_AUTHORIZED':
      return {
        code: error.code,
        message:
          `Google refused a token for ${subject}: domain-wide delegation for Client ID ${context.clientId} does ` +
          `not include ${scopes.length === 1 ? `the scope ${scopes[0]}` : `all of ${scopes.join(', ')}`}.`,
        remedy: delegationRemedy(context.clientId),
      };
    case 'INVALID_GRANT':
      return { code: error.code, ...explainInvalidGrant(subject, googleErrorDescription ?? '', said) };
    case 'TOKEN_ENDPOINT_UNREACHABLE':
      return {
        code: error.code,
        message: `This server could not reach Google's token endpoint ${error.details.tokenUri}.`,
        remedy: 'Check that this server can open HTTPS connections to it: DNS, firewall rules and any proxy.',
      };
    default:
      if (googleError === 'invalid_client') {
        return {
          code: error.code,
          message: `Google does not accept the service account ${error.details.clientEmail}.${said}`,
          remedy:
            'The service account was probably deleted or disabled in Google Cloud (IAM & Admin > Service Accounts). ' +
            'Enable it, or create a key for an active service account and upload it.',
        };
      }
      return {
        code: error.code,
        message: `Google's token endpoint answered HTTP ${httpStatus ?? 'error'} instead of a token.${said}`,
        remedy:
          httpStatus !== undefined && (httpStatus === 429 || httpStatus >= 500)
            ? 'This is usually temporary: run the check again in a few minutes.'
            : "Check that the key file is unchanged and its token_uri is Google's; upload a fresh key if in doubt.",
      };
  }
}

function unknownUserPrefix(subject: string): string {
  return `Google does not know ${subject} as an active user:`;
}

/** Google refused to act as this address because it has no such active user (not a key or scope problem). */
export function isUnknownUserProblem(problem: TGoogleProblem, subject: string): boolean {
  return problem.code === 'INVALID_GRANT' && problem.message.startsWith(unknownUserPrefix(subject));
}

function explainInvalidGrant(subject: string, description: string, said: string) {
  const text = description.toLowerCase();
  if (text.includes('signature') || text.includes('account not found')) {
    return {
      message: `Google no longer accepts this key.${said}`,
      remedy:
        'The key was deleted or disabled in Google Cloud (IAM & Admin > Service Accounts > Keys). Create a new ' +
        'JSON key and upload it.',
    };
  }
  if (text.includes('audience')) {
    return {
      message: `The token endpoint does not match the key file's token_uri.${said}`,
      remedy: 'Upload the key file exactly as Google Cloud downloaded it.',
    };
  }
  if (text.includes('iat') || text.includes('exp') || text.includes('timeframe')) {
    return {
      message: `Google rejected the request's timestamps.${said}`,
      remedy: "This server's clock is wrong: synchronise it (NTP) and run the check again.",
    };
  }
  return {
    message: `${unknownUserPrefix(subject)} the address is misspelt, not in your domain, or the user is suspended.${said}`,
    remedy:
      `Check ${subject} in the Google Admin console (Directory > Users). A suspended user cannot be impersonated: ` +
      'restore the user or pick another active one.',
  };
}

function describeDirectoryError(error: DirectoryError, context: TProblemContext): TGoogleProblem {
  switch (error.code) {
    case 'NOT_AN_ADMIN':
      return {
        code: error.code,
        message: `${context.adminUser ?? 'The admin user'} may not read the directory: Google answered "Not Authorized to access this resource/api".`,
        remedy:
          'The admin user must be a super admin, or hold an admin role with Users > Read and Groups > Read ' +
          '(Google Admin console > Account > Admin roles). Grant that role, or enter another admin user.',
      };
    case 'RATE_LIMITED':
      return {
        code: error.code,
        message: "Google's Directory API rate limit stopped the request, even after retries.",
        remedy:
          'Wait a few minutes and run the check again; a running synchronization may be using the quota.',
      };
    case 'GOOGLE_UNAVAILABLE':
      return {
        code: error.code,
        message: "Google's Directory API did not answer properly, even after retries.",
        remedy:
          'This is usually temporary: try again in a few minutes. If it persists, check that this server can ' +
          'open HTTPS connections to the Admin SDK (DNS, firewall, proxy).',
      };
    default:
      return {
        code: error.code,
        message: `Google's Directory API refused the request (${error.details.httpStatus ?? 'no status'}${error.details.googleMessage ? `: "${error.details.googleMessage}"` : ''}).`,
        remedy:
          "Check that the Admin SDK API is enabled for the service account's project in Google Cloud (APIs & Services).",
      };
  }
}
