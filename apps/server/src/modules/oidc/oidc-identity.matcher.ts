import { canLogOn } from '@wac/directory-sync';
import { deny } from './oidc-denial';

/** The id_token claims the decision rests on; everything else Google sends is ignored. */
export type TGoogleIdentity = {
  sub: string;
  email: string | undefined;
  isEmailVerified: boolean;
  hd: string | undefined;
};

export type TSignInCandidate = {
  id: string;
  userName: string;
  fullName: string;
  emails: string[];
  authMethod: 'LOCAL' | 'DIRECTORY';
  googleUserId: string | null;
  isSuspended: boolean;
  isArchived: boolean;
  privileges: string[];
};

export type TIdentityLookup = {
  /** The user whose googleUserId is the token's `sub`, if any. */
  bySubject: TSignInCandidate | null;
  /** Users holding the token's email address (primary or alias); consulted only without a `sub` match. */
  byEmail: readonly TSignInCandidate[];
  /** An archive folder is left over from a deleted user of that address. */
  hasDeletedUserArchive: boolean;
};

export type TIdentityMatch = { user: TSignInCandidate; shouldRecordGoogleId: boolean };

export function toGoogleIdentity(claims: Record<string, unknown>): TGoogleIdentity {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined;
  const hd = typeof claims.hd === 'string' ? claims.hd.trim().toLowerCase() : undefined;
  // Google sends a boolean; some issuers send the string "true".
  const isEmailVerified = claims.email_verified === true || claims.email_verified === 'true';
  return { sub: String(claims.sub ?? ''), email, isEmailVerified, hd: hd === '' ? undefined : hd };
}

/**
 * Checks that do not need the user table: a verified address, and a Workspace account of one of
 * this archive's domains. Consumer Google accounts can be registered with any company address, so
 * without the `hd` check someone could sign in as a colleague whose id was not yet recorded.
 */
export function checkGoogleIdentity(identity: TGoogleIdentity, workspaceDomains: ReadonlySet<string>): void {
  const context = { email: identity.email, hd: identity.hd };
  if (identity.sub === '') deny('ID_TOKEN_INVALID');
  if (identity.email === undefined || !identity.isEmailVerified) deny('EMAIL_NOT_VERIFIED', context);
  if (identity.hd === undefined) deny('NOT_WORKSPACE_ACCOUNT', context);
  if (!workspaceDomains.has(identity.hd)) deny('HD_MISMATCH', context);
}

/**
 * The synced directory user this Google account is. `sub` (the Google account id) is the key; the
 * address is only a fallback for users whose id is not recorded yet, because addresses get reused
 * when an account is deleted and a new one takes its name.
 */
export function matchDirectoryUser(identity: TGoogleIdentity, lookup: TIdentityLookup): TIdentityMatch {
  const email = identity.email;
  if (lookup.bySubject !== null) {
    if (lookup.bySubject.authMethod !== 'DIRECTORY') {
      deny('NOT_DIRECTORY_USER', { email, userName: lookup.bySubject.userName });
    }
    return { user: lookup.bySubject, shouldRecordGoogleId: false };
  }
  const directoryUsers = lookup.byEmail.filter((user) => user.authMethod === 'DIRECTORY');
  if (directoryUsers.length === 0) {
    const localUser = lookup.byEmail[0];
    if (localUser !== undefined) deny('NOT_DIRECTORY_USER', { email, userName: localUser.userName });
    deny(lookup.hasDeletedUserArchive ? 'USER_DELETED' : 'UNKNOWN_USER', { email });
  }
  if (directoryUsers.length > 1) deny('AMBIGUOUS_EMAIL', { email });
  const [user] = directoryUsers as [TSignInCandidate];
  if (user.googleUserId !== null) deny('GOOGLE_ID_MISMATCH', { email, userName: user.userName });
  return { user, shouldRecordGoogleId: true };
}

/** What the directory says about the matched user, checked on every sign-in (directory sync's rule). */
export function checkMayLogOn(user: TSignInCandidate): void {
  if (canLogOn(user)) return;
  const code = user.isSuspended
    ? 'USER_SUSPENDED'
    : user.isArchived
      ? 'USER_ARCHIVED'
      : 'LOGIN_NOT_PERMITTED';
  deny(code, { userName: user.userName });
}
