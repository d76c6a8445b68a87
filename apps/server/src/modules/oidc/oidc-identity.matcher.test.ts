import { describe, expect, it } from 'vitest';
import { OidcDenialError, type TOidcDenialCode } from './oidc-denial';
import {
  checkGoogleIdentity,
  checkMayLogOn,
  matchDirectoryUser,
  type TGoogleIdentity,
  type TSignInCandidate,
  toGoogleIdentity,
} from './oidc-identity.matcher';

const DOMAINS = new Set(['example.com', 'example.net']);

const identity = (overrides: Partial<TGoogleIdentity> = {}): TGoogleIdentity => ({
  sub: '1002',
  email: 'alice@example.com',
  isEmailVerified: true,
  hd: 'example.com',
  ...overrides,
});

const user = (overrides: Partial<TSignInCandidate> = {}): TSignInCandidate => ({
  id: 'u-alice',
  userName: 'alice@example.com',
  fullName: 'Alice',
  emails: ['alice@example.com'],
  authMethod: 'DIRECTORY',
  googleUserId: '1002',
  isSuspended: false,
  isArchived: false,
  privileges: ['login'],
  ...overrides,
});

function denialCodeOf(run: () => unknown): TOidcDenialCode | 'none' {
  try {
    run();
    return 'none';
  } catch (error) {
    if (error instanceof OidcDenialError) return error.denial.code;
    throw error;
  }
}

describe('toGoogleIdentity', () => {
  it('normalises case and reads email_verified strictly', () => {
    expect(
      toGoogleIdentity({ sub: '1', email: ' Alice@Example.COM ', email_verified: true, hd: 'Example.com' }),
    ).toEqual({ sub: '1', email: 'alice@example.com', isEmailVerified: true, hd: 'example.com' });
    expect(toGoogleIdentity({ sub: '1', email: 'a@b.c', email_verified: 'true' }).isEmailVerified).toBe(true);
    expect(toGoogleIdentity({ sub: '1', email: 'a@b.c', email_verified: 'yes' }).isEmailVerified).toBe(false);
    expect(toGoogleIdentity({ sub: '1', email: 'a@b.c' }).isEmailVerified).toBe(false);
    expect(toGoogleIdentity({ sub: '1', hd: '' }).hd).toBeUndefined();
  });
});

describe('checkGoogleIdentity', () => {
  it.each<[string, TOidcDenialCode | 'none', Partial<TGoogleIdentity>]>([
    ['a verified Workspace account of our domain', 'none', {}],
    ['a secondary domain of the Workspace', 'none', { email: 'grace@example.net', hd: 'example.net' }],
    ['an unverified address', 'EMAIL_NOT_VERIFIED', { isEmailVerified: false }],
    ['no address at all', 'EMAIL_NOT_VERIFIED', { email: undefined }],
    ['a consumer account (no hd) using a company address', 'NOT_WORKSPACE_ACCOUNT', { hd: undefined }],
    ['another organization', 'HD_MISMATCH', { email: 'eve@evil.example', hd: 'evil.example' }],
    ['no subject', 'ID_TOKEN_INVALID', { sub: '' }],
  ])('%s -> %s', (_label, expected, overrides) => {
    expect(denialCodeOf(() => checkGoogleIdentity(identity(overrides), DOMAINS))).toBe(expected);
  });
});

describe('matchDirectoryUser', () => {
  const none = { bySubject: null, byEmail: [], hasDeletedUserArchive: false };

  it('prefers the user recorded with this Google id, whatever the address says', () => {
    const byId = user();
    const other = user({ id: 'u-other', googleUserId: null });
    expect(matchDirectoryUser(identity(), { ...none, bySubject: byId, byEmail: [other] })).toEqual({
      user: byId,
      shouldRecordGoogleId: false,
    });
  });

  it('falls back to the address only for a user without a recorded id, and asks to record it', () => {
    const fresh = user({ googleUserId: null });
    expect(matchDirectoryUser(identity(), { ...none, byEmail: [fresh] })).toEqual({
      user: fresh,
      shouldRecordGoogleId: true,
    });
  });

  it.each<[string, Parameters<typeof matchDirectoryUser>[1], TOidcDenialCode]>([
    ['nobody has the id or the address', none, 'UNKNOWN_USER'],
    ['only a deleted user’s archive remains', { ...none, hasDeletedUserArchive: true }, 'USER_DELETED'],
    [
      'the address belongs to a user linked to another account',
      { ...none, byEmail: [user({ googleUserId: '9' })] },
      'GOOGLE_ID_MISMATCH',
    ],
    [
      'the address belongs to a local user',
      { ...none, byEmail: [user({ authMethod: 'LOCAL', googleUserId: null })] },
      'NOT_DIRECTORY_USER',
    ],
    [
      'the id belongs to a local user',
      { ...none, bySubject: user({ authMethod: 'LOCAL' }) },
      'NOT_DIRECTORY_USER',
    ],
    [
      'two directory users share the address',
      { ...none, byEmail: [user({ googleUserId: null }), user({ id: 'u-2', googleUserId: null })] },
      'AMBIGUOUS_EMAIL',
    ],
  ])('refuses when %s (%s)', (_label, lookup, expected) => {
    expect(denialCodeOf(() => matchDirectoryUser(identity(), lookup))).toBe(expected);
  });
});

describe('checkMayLogOn', () => {
  // The rule is directory sync's canLogOn: "login", or "admin" (which implies it), and not suspended.
  it.each<[string, TOidcDenialCode | 'none', Partial<TSignInCandidate>]>([
    ['holds login', 'none', {}],
    ['is an admin (admin implies login)', 'none', { privileges: ['admin'] }],
    ['is suspended', 'USER_SUSPENDED', { isSuspended: true }],
    ['is a suspended admin', 'USER_SUSPENDED', { isSuspended: true, privileges: ['admin', 'login'] }],
    ['is archived in Google Workspace', 'USER_ARCHIVED', { isArchived: true }],
    ['is an archived admin', 'USER_ARCHIVED', { isArchived: true, privileges: ['admin', 'login'] }],
    ['lacks login', 'LOGIN_NOT_PERMITTED', { privileges: ['archive'] }],
    ['has no privileges', 'LOGIN_NOT_PERMITTED', { privileges: [] }],
  ])('a user who %s -> %s', (_label, expected, overrides) => {
    expect(denialCodeOf(() => checkMayLogOn(user(overrides)))).toBe(expected);
  });

  it('names the user in the reason', () => {
    try {
      checkMayLogOn(user({ isSuspended: true }));
    } catch (error) {
      expect((error as OidcDenialError).denial.message).toContain('alice@example.com is suspended');
      return;
    }
    throw new Error('expected a denial');
  });
});
