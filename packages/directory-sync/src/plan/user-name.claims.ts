import type { TDbUser } from './plan.types';

/** A create or a rename that needs `userName` to be free once the plan is applied. */
export type TNameClaim<T> = {
  item: T;
  userName: string;
  /** The renamed user's id (null for a create): its own current name never blocks it. */
  ownUserId: string | null;
  /** The lower-cased name a rename gives up, which another claim may be waiting for. */
  freedUserName: string | null;
};

/**
 * Returns the claimed items whose name stays held by another directory user, with that user. A
 * name is free when its holder is deleted or renamed by the same plan; a blocked rename keeps its
 * old name, so whoever waited for that name is checked again. Each claim is blocked at most once,
 * so the work stays linear even for chains of renames.
 */
export function findBlockedClaims<T>(
  claims: readonly TNameClaim<T>[],
  directoryByUserName: ReadonlyMap<string, TDbUser>,
  deletedUserIds: ReadonlySet<string>,
): Map<T, TDbUser> {
  const vacatingIds = new Set(deletedUserIds);
  const claimByName = new Map<string, TNameClaim<T>>();
  for (const claim of claims) {
    claimByName.set(claim.userName, claim);
    if (claim.ownUserId !== null) vacatingIds.add(claim.ownUserId);
  }
  const blocked = new Map<T, TDbUser>();
  const toCheck = [...claims];
  for (let claim = toCheck.pop(); claim !== undefined; claim = toCheck.pop()) {
    if (blocked.has(claim.item)) continue;
    const holder = directoryByUserName.get(claim.userName);
    if (!holder || holder.id === claim.ownUserId || vacatingIds.has(holder.id)) continue;
    blocked.set(claim.item, holder);
    if (claim.ownUserId !== null && claim.freedUserName !== null) {
      vacatingIds.delete(claim.ownUserId);
      const waiting = claimByName.get(claim.freedUserName);
      if (waiting) toCheck.push(waiting);
    }
  }
  return blocked;
}
