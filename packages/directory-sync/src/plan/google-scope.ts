import { toDesiredUser, userNameOf } from './desired-user.mapper';
import type { TDesiredUser, TGoogleUser } from './plan.types';

export type TGoogleScope = {
  /** In listing order (a Map keeps insertion order), keyed by Google id. */
  inScope: Map<string, TDesiredUser>;
  /** User names that more than one in-scope Google user claims: conflicts, not crashes. */
  duplicateUserNames: Set<string>;
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
    inScope: new Map(),
    duplicateUserNames: new Set(),
    outOfScopeIds: new Set(),
    outOfScopeUserNames: new Set(),
  };
  const userNames = new Set<string>();
  for (const google of googleUsers) {
    if (scope.inScope.has(google.id) || scope.outOfScopeIds.has(google.id)) continue;
    if (inScopeUserIds && !inScopeUserIds.has(google.id)) {
      scope.outOfScopeIds.add(google.id);
      scope.outOfScopeUserNames.add(userNameOf(google));
      continue;
    }
    const desired = toDesiredUser(google, domains);
    scope.inScope.set(desired.googleUserId, desired);
    if (userNames.has(desired.userName)) scope.duplicateUserNames.add(desired.userName);
    else userNames.add(desired.userName);
  }
  return scope;
}
