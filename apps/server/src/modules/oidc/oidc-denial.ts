/**
 * Every way a Google sign-in can end without a session, with the sentence the user (or the admin
 * running Test authentication) reads. Codes are stable: tests, the audit log and the console use them.
 */
export type TOidcDenialCode =
  | 'NOT_CONFIGURED'
  | 'INSECURE_ISSUER'
  | 'ISSUER_UNAVAILABLE'
  | 'STATE_INVALID'
  | 'BROWSER_MISMATCH'
  | 'GOOGLE_ERROR'
  | 'CODE_REJECTED'
  | 'CLIENT_REJECTED'
  | 'ID_TOKEN_INVALID'
  | 'ID_TOKEN_EXPIRED'
  | 'ID_TOKEN_WRONG_AUDIENCE'
  | 'ID_TOKEN_WRONG_ISSUER'
  | 'NONCE_MISMATCH'
  | 'EMAIL_NOT_VERIFIED'
  | 'NOT_WORKSPACE_ACCOUNT'
  | 'HD_MISMATCH'
  | 'UNKNOWN_USER'
  | 'USER_DELETED'
  | 'NOT_DIRECTORY_USER'
  | 'GOOGLE_ID_MISMATCH'
  | 'AMBIGUOUS_EMAIL'
  | 'USER_SUSPENDED'
  | 'USER_ARCHIVED'
  | 'LOGIN_NOT_PERMITTED';

export type TOidcDenial = {
  code: TOidcDenialCode;
  /** A complete sentence; safe to show (it names only what the signer-in already knows). */
  message: string;
  /** HTTP status of the page that shows it. */
  status: number;
};

export type TDenialContext = { email?: string; hd?: string; error?: string; userName?: string };

const CONTACT = 'Ask your administrator for help.';

const TEMPLATES: Record<TOidcDenialCode, { status: number; text: (c: TDenialContext) => string }> = {
  NOT_CONFIGURED: {
    status: 503,
    text: () => `Sign-in with Google is not set up on this server yet. ${CONTACT}`,
  },
  INSECURE_ISSUER: {
    status: 503,
    text: () =>
      'The configured Google sign-in issuer uses plain http, which is only allowed with ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING. ' +
      CONTACT,
  },
  ISSUER_UNAVAILABLE: {
    status: 502,
    text: () => "Google's sign-in service could not be reached from this server. Try again in a few minutes.",
  },
  STATE_INVALID: {
    status: 400,
    text: () =>
      'This sign-in response does not belong to a sign-in this server started: it was already used, has expired, or was altered. Start again.',
  },
  BROWSER_MISMATCH: {
    status: 400,
    text: () =>
      'This sign-in was started in a different browser (or its cookies were cleared). Start again in this browser.',
  },
  GOOGLE_ERROR: {
    status: 401,
    text: (c) =>
      c.error === 'access_denied'
        ? 'The sign-in was cancelled at Google.'
        : `Google did not complete the sign-in (${c.error ?? 'unknown error'}).`,
  },
  CODE_REJECTED: {
    status: 401,
    text: () =>
      'Google refused to confirm the sign-in: the authorization code was already used, has expired, or was not issued to this server. Start again.',
  },
  CLIENT_REJECTED: {
    status: 502,
    text: () =>
      `Google rejected this server's OAuth client ID or client secret. Check the Sign-in with Google settings. ${CONTACT}`,
  },
  ID_TOKEN_INVALID: {
    status: 401,
    text: () =>
      "Google's answer could not be verified (its signature or contents are not valid), so it was not trusted.",
  },
  ID_TOKEN_EXPIRED: {
    status: 401,
    text: () =>
      "Google's answer had already expired when it arrived. Check that this server's clock is right, then try again.",
  },
  ID_TOKEN_WRONG_AUDIENCE: {
    status: 401,
    text: () => "Google's answer was issued to a different application than this server's OAuth client.",
  },
  ID_TOKEN_WRONG_ISSUER: {
    status: 401,
    text: () => 'The answer did not come from the configured sign-in issuer, so it was not trusted.',
  },
  NONCE_MISMATCH: {
    status: 401,
    text: () =>
      "Google's answer belongs to a different sign-in attempt than this one (nonce mismatch). Start again.",
  },
  EMAIL_NOT_VERIFIED: {
    status: 403,
    text: (c) => `Google has not verified the address ${c.email ?? 'of this account'}. ${CONTACT}`,
  },
  NOT_WORKSPACE_ACCOUNT: {
    status: 403,
    text: (c) =>
      `${c.email ?? 'This account'} is not a Google Workspace account. Sign in with your organization's account.`,
  },
  HD_MISMATCH: {
    status: 403,
    text: (c) =>
      `${c.email ?? 'This account'} belongs to ${c.hd ?? 'another organization'}, which is not a domain of the Google Workspace this archive serves. Sign in with your organization's account.`,
  },
  UNKNOWN_USER: {
    status: 403,
    text: (c) =>
      `${c.email ?? 'This account'} is not a user of this archive server (it has not been synchronized from Google Workspace). ${CONTACT}`,
  },
  USER_DELETED: {
    status: 403,
    text: (c) =>
      `The user ${c.email ?? ''} was removed from this archive server; the archive is kept, but signing in is no longer possible. ${CONTACT}`,
  },
  NOT_DIRECTORY_USER: {
    status: 403,
    text: (c) =>
      `The user ${c.userName ?? c.email ?? ''} is a local user who signs in with a password, not with Google.`,
  },
  GOOGLE_ID_MISMATCH: {
    status: 403,
    text: (c) =>
      `The archive user ${c.userName ?? c.email ?? ''} is linked to a different Google account than the one you signed in with (was the account recreated in Google?). ${CONTACT}`,
  },
  AMBIGUOUS_EMAIL: {
    status: 403,
    text: (c) =>
      `More than one archive user has the address ${c.email ?? ''}, so the sign-in cannot tell which one you are. ${CONTACT}`,
  },
  USER_SUSPENDED: {
    status: 403,
    text: (c) => `The user ${c.userName ?? c.email ?? ''} is suspended. ${CONTACT}`,
  },
  USER_ARCHIVED: {
    status: 403,
    text: (c) => `The user ${c.userName ?? c.email ?? ''} is archived in Google Workspace. ${CONTACT}`,
  },
  LOGIN_NOT_PERMITTED: {
    status: 403,
    text: (c) => `The user ${c.userName ?? c.email ?? ''} does not have the "Log on" privilege. ${CONTACT}`,
  },
};

export function oidcDenial(code: TOidcDenialCode, context: TDenialContext = {}): TOidcDenial {
  const template = TEMPLATES[code];
  return { code, status: template.status, message: template.text(context) };
}

/** Thrown inside the flow to stop at the first failed check; the routes render it. */
export class OidcDenialError extends Error {
  override readonly name = 'OidcDenialError';
  constructor(
    readonly denial: TOidcDenial,
    options?: { cause?: unknown },
  ) {
    super(denial.message, options);
  }
}

export function deny(code: TOidcDenialCode, context?: TDenialContext, cause?: unknown): never {
  throw new OidcDenialError(oidcDenial(code, context), { cause });
}
