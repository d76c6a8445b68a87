import { toDesiredUser, userNameOf } from './desired-user.mapper';
import type { TDesiredUser, TGoogleUser } from './plan.types';

export type TGoogleScope = {
  inScope: TDesiredUser[];
  /** How many in-scope Google users claim each user name; more than one is a conflict. */
  userNameCounts: Map<string, number>;
  /** Listed but outside the selected groups: tells NOT_IN_SYNCED_GROUPS from DELETED_IN_GOOGLE. */
  outOfScopeIds: Set<string>;
  outOfScopeUserNames: Set<string>;
};

/**
 * One pass over the listing. Only in-scope users are normalized; for the others only the id and
 * user name are kept. A paging glitch can repeat a user, so the first occurrence of an id wins.
 */
export function readGoogleScope(
  googleUsers: Iterable<TGoogleUser>,
  inScopeUserIds: ReadonlySet<string> | null | undefined,
  domains: ReadonlySet<string> | null,
): TGoogleScope {
  const scope: TGoogleScope = {
    inScope: [],
    userNameCounts: new Map(),
    outOfScopeIds: new Set(),
    outOfScopeUserNames: new Set(),
  };
  const seenIds = new Set<string>();
  for (const google of googleUsers) {
    if (seenIds.has(google.id)) continue;
    seenIds.add(google.id);
    if (inScopeUserIds && !inScopeUserIds.has(google.id)) {
      scope.outOfScopeIds.add(google.id);
      scope.outOfScopeUserNames.add(userNameOf(google));
      continue;
    }
    const desired = toDesiredUser(google, domains);
    scope.inScope.push(desired);
    scope.userNameCounts.set(desired.userName, (scope.userNameCounts.get(desired.userName) ?? 0) + 1);
  }
  return scope;
}
