export type TArchiveAccess = 'read' | 'write' | 'delete';

export type TScheduleMode = 'OFF' | 'MINUTES' | 'HOURS';

export type TSyncGroup = { id: string; email: string; name: string };

export type TSyncSettings = {
  /** Empty: the whole directory is synchronized. */
  groups: TSyncGroup[];
  autoDelete: boolean;
  /** Global privileges of newly created users only. */
  defaultPrivileges: string[];
  /** A new user's access to their own archive folder. */
  defaultArchiveAccess: TArchiveAccess[];
  /** Deletions are held for confirmation above either limit. */
  deletionThreshold: { percent: number; count: number };
  schedule: { mode: TScheduleMode; interval: number };
};

// The privilege list is part of the API contract, so the console reads the same one.
export { PRIVILEGES, type TPrivilege } from '@wac/api-contract/privileges';

/** A fresh copy each call: callers may change it. */
export function defaultSyncSettings(): TSyncSettings {
  return {
    groups: [],
    autoDelete: false,
    defaultPrivileges: ['login'],
    defaultArchiveAccess: ['read'],
    deletionThreshold: { percent: 10, count: 50 },
    schedule: { mode: 'OFF', interval: 60 },
  };
}

/**
 * Whether a user may sign in at all (locally or with Google): not suspended or archived in Google Workspace,
 * and holding "login", or "admin", which implies every other privilege.
 */
export function canLogOn(user: {
  privileges: readonly string[];
  isSuspended: boolean;
  /** Google's Archived User licence: the account keeps its data but may not sign in, like suspended. */
  isArchived?: boolean;
}): boolean {
  if (user.isSuspended || user.isArchived === true) return false;
  return user.privileges.includes('login') || user.privileges.includes('admin');
}
