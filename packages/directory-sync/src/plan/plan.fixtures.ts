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
 * Applies a plan to an in-memory user table one item at a time, in the order the executor must
 * (deletes, updates in plan order, creates), and fails as soon as a user name would be held twice,
 * which the database's unique index would refuse.
 */
export function applyPlan(dbUsers: readonly TDbUser[], plan: TSyncPlan): TDbUser[] {
  const users = new Map(dbUsers.map((user) => [user.id, user]));
  const holderByName = new Map(dbUsers.map((user) => [user.userName.toLowerCase(), user.id]));
  const takeName = (userName: string, userId: string) => {
    const key = userName.toLowerCase();
    const holder = holderByName.get(key);
    if (holder !== undefined && holder !== userId)
      throw new Error(`user name ${key} is still held by ${holder}`);
    holderByName.set(key, userId);
  };
  for (const item of plan.deletes) {
    const user = users.get(item.userId)!;
    users.delete(item.userId);
    holderByName.delete(user.userName.toLowerCase());
  }
  for (const update of plan.updates) {
    const user = users.get(update.userId)!;
    const { patch } = update;
    if (patch.userName !== undefined) {
      takeName(patch.userName, user.id);
      if (patch.userName !== user.userName.toLowerCase()) holderByName.delete(user.userName.toLowerCase());
    }
    users.set(user.id, { ...user, ...patch, emails: patch.emails ? [...patch.emails] : user.emails });
  }
  for (const create of plan.creates) {
    const id = `db-${create.googleUserId}`;
    takeName(create.userName, id);
    users.set(id, {
      id,
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
  return [...users.values()];
}
