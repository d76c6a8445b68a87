import { emailsOf, userNameOf } from './desired-user.mapper';
import type { TDbUser, TGoogleUser, TPlanSettings, TSyncPlan } from './plan.types';

// Test-only builders and a minimal in-memory executor; not exported from the package.

export function googleUser(
  id: string,
  primaryEmail: string,
  overrides: Partial<TGoogleUser> = {},
): TGoogleUser {
  return {
    id,
    primaryEmail,
    aliases: [],
    fullName: `Name ${id}`,
    isSuspended: false,
    orgUnitPath: '/',
    ...overrides,
  };
}

/** The row a previous sync would have written for this Google user. */
export function syncedDbUser(google: TGoogleUser, overrides: Partial<TDbUser> = {}): TDbUser {
  return {
    id: `db-${google.id}`,
    userName: userNameOf(google),
    fullName: google.fullName,
    emails: emailsOf(google),
    authMethod: 'DIRECTORY',
    googleUserId: google.id,
    isSuspended: google.isSuspended,
    orgUnitPath: google.orgUnitPath,
    privileges: ['login'],
    ...overrides,
  };
}

export function localDbUser(id: string, userName: string, emails: string[] = []): TDbUser {
  return {
    id,
    userName,
    fullName: `Local ${id}`,
    emails,
    authMethod: 'LOCAL',
    googleUserId: null,
    isSuspended: false,
    orgUnitPath: null,
    privileges: ['admin', 'login'],
  };
}

export function settings(overrides: Partial<TPlanSettings> = {}): TPlanSettings {
  return { autoDelete: false, defaultPrivileges: ['login'], ...overrides };
}

/**
 * Applies a plan to an in-memory user table the way the executor must (deletes, updates, creates,
 * all or nothing) and fails if the result holds a user name twice, which the database would refuse.
 */
export function applyPlan(dbUsers: readonly TDbUser[], plan: TSyncPlan): TDbUser[] {
  const deleted = new Set(plan.deletes.map((item) => item.userId));
  const updates = new Map(plan.updates.map((item) => [item.userId, item]));
  const result: TDbUser[] = [];
  for (const user of dbUsers) {
    if (deleted.has(user.id)) continue;
    const update = updates.get(user.id);
    const patch = update?.patch ?? {};
    result.push({
      ...user,
      ...patch,
      emails: patch.emails ? [...patch.emails] : user.emails,
    });
  }
  for (const create of plan.creates) {
    result.push({
      id: `db-${create.googleUserId}`,
      userName: create.userName,
      fullName: create.fullName,
      emails: [...create.emails],
      authMethod: create.authMethod,
      googleUserId: create.googleUserId,
      isSuspended: create.isSuspended,
      orgUnitPath: create.orgUnitPath,
      privileges: [...create.privileges],
    });
  }
  const names = new Set<string>();
  for (const user of result) {
    const key = user.userName.toLowerCase();
    if (names.has(key)) throw new Error(`user name ${key} would exist twice`);
    names.add(key);
  }
  return result;
}
