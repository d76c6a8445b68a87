export const GOOGLE_SCOPES = {
  directoryUsers: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  directoryGroups: 'https://www.googleapis.com/auth/admin.directory.group.readonly',
  mail: 'https://mail.google.com/',
  /**
   * Optional (not in REQUIRED_DELEGATION_SCOPES): when delegated, a sync reads the account's domains
   * and lists each in parallel; without it, it pages the whole account sequentially.
   */
  directoryDomains: 'https://www.googleapis.com/auth/admin.directory.domain.readonly',
} as const;

export type TGoogleScope = (typeof GOOGLE_SCOPES)[keyof typeof GOOGLE_SCOPES];

// The order is the one admins paste into Google's domain-wide delegation page.
export const REQUIRED_DELEGATION_SCOPES: readonly TGoogleScope[] = [
  GOOGLE_SCOPES.directoryUsers,
  GOOGLE_SCOPES.directoryGroups,
  GOOGLE_SCOPES.mail,
];

export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
export const GOOGLE_ADMIN_ROOT_URL = 'https://admin.googleapis.com';
