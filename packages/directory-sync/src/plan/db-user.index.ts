import type { TDbUser, TDesiredUser } from './plan.types';

export type TDbUserIndex = {
  /** DIRECTORY users in input order: the candidates for deletion. */
  directoryUsers: TDbUser[];
  byGoogleUserId: Map<string, TDbUser>;
  /** DIRECTORY users without a Google id, by lower-cased user name: linked on first match. */
  unlinkedByUserName: Map<string, TDbUser>;
  /** Every DIRECTORY user by lower-cased user name, to detect a name still held by someone else. */
  directoryByUserName: Map<string, TDbUser>;
  /** LOCAL users by lower-cased user name and by each address. */
  localByKey: Map<string, TDbUser>;
  /** LOCAL users that keep a Google id (e.g. switched from DIRECTORY): the id is unique in the table. */
  localByGoogleUserId: Map<string, TDbUser>;
  localUserCount: number;
};

function addFirst(map: Map<string, TDbUser>, key: string, user: TDbUser): void {
  if (!map.has(key)) map.set(key, user);
}

export function indexDbUsers(dbUsers: Iterable<TDbUser>): TDbUserIndex {
  const index: TDbUserIndex = {
    directoryUsers: [],
    byGoogleUserId: new Map(),
    unlinkedByUserName: new Map(),
    directoryByUserName: new Map(),
    localByKey: new Map(),
    localByGoogleUserId: new Map(),
    localUserCount: 0,
  };
  for (const user of dbUsers) {
    const userNameKey = user.userName.toLowerCase();
    if (user.authMethod === 'LOCAL') {
      index.localUserCount++;
      addFirst(index.localByKey, userNameKey, user);
      for (const email of user.emails) addFirst(index.localByKey, email.toLowerCase(), user);
      if (user.googleUserId !== null) addFirst(index.localByGoogleUserId, user.googleUserId, user);
      continue;
    }
    index.directoryUsers.push(user);
    addFirst(index.directoryByUserName, userNameKey, user);
    if (user.googleUserId === null) addFirst(index.unlinkedByUserName, userNameKey, user);
    else addFirst(index.byGoogleUserId, user.googleUserId, user);
  }
  return index;
}

/** The Google id is authoritative; the user name only links users that never had an id. */
export function matchDbUser(index: TDbUserIndex, desired: TDesiredUser): TDbUser | undefined {
  return index.byGoogleUserId.get(desired.googleUserId) ?? index.unlinkedByUserName.get(desired.userName);
}

export type TLocalCollision = { user: TDbUser; value: string };

export function findLocalCollision(index: TDbUserIndex, desired: TDesiredUser): TLocalCollision | null {
  if (index.localUserCount === 0) return null;
  const linkedLocal = index.localByGoogleUserId.get(desired.googleUserId);
  if (linkedLocal) return { user: linkedLocal, value: desired.googleUserId };
  // The user name is always the first address, so the addresses cover it.
  for (const key of desired.emails) {
    const user = index.localByKey.get(key);
    if (user) return { user, value: key };
  }
  return null;
}
