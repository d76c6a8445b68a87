import { findLocalCollision, indexDbUsers } from '../plan/db-user.index';
import { toDesiredUser } from '../plan/desired-user.mapper';
import type { TGoogleUser } from '../plan/plan.types';
import type { TDbUserFingerprints } from '../read/db-user.loader';
import { userFingerprint } from '../read/user-fingerprint';

export type TUnchangedSplit = {
  /** The listing minus the users set aside: what the planner still has to look at. */
  googleUsers: TGoogleUser[];
  /** Ids of linked database users that must be loaded in full for the planner. */
  dbUserIdsToPlan: string[];
  /** Pairs set aside as unchanged: the planner would have counted them as `unchanged`. */
  unchangedCount: number;
};

/**
 * Sets aside the in-scope Google users whose linked directory user already matches them field
 * for field (equal fingerprints), so the shared planner only sees what may change. A pair stays
 * in when anything else could concern it: a local user sharing an address or the Google id, or
 * another Google user wanting its name (duplicate, rename, create), since the planner needs both
 * sides to report that conflict. Everything set aside counts as unchanged and is never written.
 */
export function setAsideUnchanged(
  google: readonly TGoogleUser[],
  inScopeUserIds: ReadonlySet<string> | null,
  db: TDbUserFingerprints,
): TUnchangedSplit {
  const locals = indexDbUsers(db.others.filter((user) => user.authMethod === 'LOCAL'));
  const setAside = new Set<string>();
  const setAsideByName = new Map<string, string>();
  const wantedNames: string[] = [];
  const seenIds = new Set<string>();

  for (const user of google) {
    const isRepeat = seenIds.has(user.id);
    seenIds.add(user.id);
    const isInScope = inScopeUserIds === null || inScopeUserIds.has(user.id);
    if (!isInScope) continue;
    const desired = toDesiredUser(user);
    const linked = db.linked.get(user.id);
    const isUnchanged =
      !isRepeat &&
      linked !== undefined &&
      userFingerprint(desired) === linked.fingerprint &&
      findLocalCollision(locals, desired) === null &&
      !setAsideByName.has(desired.userName);
    if (isUnchanged) {
      setAside.add(user.id);
      setAsideByName.set(desired.userName, user.id);
    } else {
      wantedNames.push(desired.userName);
    }
  }

  // A name some other Google user wants puts its current holder back in front of the planner.
  for (const name of wantedNames) {
    const googleId = setAsideByName.get(name);
    if (googleId !== undefined) setAside.delete(googleId);
  }

  const dbUserIdsToPlan: string[] = [];
  for (const [googleUserId, fingerprint] of db.linked) {
    if (!setAside.has(googleUserId)) dbUserIdsToPlan.push(fingerprint.id);
  }
  return {
    googleUsers: google.filter((user) => !setAside.has(user.id)),
    dbUserIdsToPlan,
    unchangedCount: setAside.size,
  };
}
