import { findLocalCollision, indexDbUsers } from '../plan/db-user.index';
import { toDesiredUser, userNameOf } from '../plan/desired-user.mapper';
import type { TGoogleUser } from '../plan/plan.types';
import type { TDbUserFingerprints } from '../read/db-user.loader';
import { userFingerprint } from '../read/user-fingerprint';

export type TUnchangedSplit = {
  /** The listing minus the users set aside: what the planner still has to look at. */
  googleUsers: TGoogleUser[];
  /** Google ids of linked database users that must be loaded in full for the planner. */
  googleUserIdsToPlan: string[];
  /** Pairs set aside as unchanged: the planner would have counted them as `unchanged`. */
  unchangedCount: number;
};

/**
 * Sets aside the in-scope Google users whose linked directory user already matches them field
 * for field (equal fingerprints), so the shared planner only sees what may change. A pair stays
 * in when anything else could concern it: a local user sharing an address or the Google id, or
 * another Google user wanting its name (duplicate, rename, create), since the planner needs both
 * sides to report that conflict. Everything set aside counts as unchanged and is never written.
 *
 * In two steps, so the costly part runs while the listing pages in: `observe` each listed user as
 * it arrives (the fingerprint comparison), then `finish` with the whole listing and the scope,
 * which is only known once the groups have been read. `observe` takes each compared pair out of
 * `db.linked`, so the digests shrink as the listing grows.
 */
export function createUnchangedFilter(db: TDbUserFingerprints) {
  const locals = indexDbUsers(db.others.filter((user) => user.authMethod === 'LOCAL'));
  // Listed users whose stored pair has the same fingerprint and no local user in the way.
  const matches = new Set<string>();
  // Linked users the planner must see whatever the scope: compared and found changed.
  const toPlan: string[] = [];

  return {
    observe(user: TGoogleUser): void {
      const fingerprint = db.linked.get(user.id);
      // Not linked, or compared already: a user listed twice is a paging glitch for the planner.
      if (fingerprint === undefined) return;
      db.linked.delete(user.id);
      const desired = toDesiredUser(user);
      if (userFingerprint(desired) === fingerprint && findLocalCollision(locals, desired) === null) {
        matches.add(user.id);
      } else {
        toPlan.push(user.id);
      }
    },

    finish(google: readonly TGoogleUser[], inScopeUserIds: ReadonlySet<string> | null): TUnchangedSplit {
      const setAside = new Set<string>();
      const setAsideByName = new Map<string, string>();
      const wantedNames: string[] = [];
      for (const user of google) {
        // Only an id's first occurrence can match; a repeat keeps its pair in front of the planner.
        const isMatch = matches.delete(user.id);
        const isInScope = inScopeUserIds === null || inScopeUserIds.has(user.id);
        if (!isInScope) {
          if (isMatch) toPlan.push(user.id);
          continue;
        }
        const userName = userNameOf(user);
        if (isMatch && !setAsideByName.has(userName)) {
          setAside.add(user.id);
          setAsideByName.set(userName, user.id);
        } else {
          wantedNames.push(userName);
          if (isMatch) toPlan.push(user.id);
        }
      }
      // A name some other Google user wants puts its current holder back in front of the planner.
      for (const name of wantedNames) {
        const googleId = setAsideByName.get(name);
        if (googleId !== undefined && setAside.delete(googleId)) toPlan.push(googleId);
      }
      return {
        googleUsers: google.filter((user) => !setAside.has(user.id)),
        // Those never listed (deleted in Google) as well: the planner decides what becomes of them.
        googleUserIdsToPlan: [...db.linked.keys(), ...toPlan],
        unchangedCount: setAside.size,
      };
    },
  };
}

/** Both steps at once, for a listing already in memory. */
export function setAsideUnchanged(
  google: readonly TGoogleUser[],
  inScopeUserIds: ReadonlySet<string> | null,
  db: TDbUserFingerprints,
): TUnchangedSplit {
  const filter = createUnchangedFilter(db);
  for (const user of google) filter.observe(user);
  return filter.finish(google, inScopeUserIds);
}
