// The one list of global privileges, shared by the server, the directory sync and the console.
// It imports nothing, so the console can take it at runtime without pulling zod or server code.

export const PRIVILEGES = [
  'admin',
  'login',
  'changePassword',
  'archive',
  'modifyArchiveProfiles',
  'export',
  'modifyExportProfiles',
  'delete',
  // May be named as the From of mail sent through the send API (an allowed sender).
  'send',
  // Searches and reads every archive, read-only (no restore); every access is in the access log.
  'auditor',
] as const;

export type TPrivilege = (typeof PRIVILEGES)[number];

/**
 * Privileges a new directory user may get by default. `admin`, `auditor` (both reach every archive)
 * and `changePassword` (local users only) are deliberately not offered: an admin or an auditor is
 * made by hand, one person at a time.
 */
export const DEFAULT_PRIVILEGE_CHOICES = PRIVILEGES.filter(
  (privilege): privilege is Exclude<TPrivilege, 'admin' | 'auditor' | 'changePassword'> =>
    privilege !== 'admin' && privilege !== 'auditor' && privilege !== 'changePassword',
);

export type TDefaultPrivilege = (typeof DEFAULT_PRIVILEGE_CHOICES)[number];
