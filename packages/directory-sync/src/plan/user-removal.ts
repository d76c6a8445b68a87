import type { TDbUserIndex } from './db-user.index';
import type { TGoogleScope } from './google-scope';
import type { TDbUser, TDelete, TDeleteReason, TKept } from './plan.types';
import { removalText } from './reason-text';

function removalReason(user: TDbUser, scope: TGoogleScope): TDeleteReason {
  const isListedOutOfScope =
    user.googleUserId === null
      ? scope.outOfScopeUserNames.has(user.userName.toLowerCase())
      : scope.outOfScopeIds.has(user.googleUserId);
  return isListedOutOfScope ? 'NOT_IN_SYNCED_GROUPS' : 'DELETED_IN_GOOGLE';
}

/**
 * Directory users no in-scope Google user accounts for. Without auto-delete they are still listed
 * (as kept) so that Test Settings shows the admin what turning it on would do.
 */
export function planRemovals(
  index: TDbUserIndex,
  scope: TGoogleScope,
  accounted: ReadonlySet<TDbUser>,
  autoDelete: boolean,
): { deletes: TDelete[]; kept: TKept[] } {
  const deletes: TDelete[] = [];
  const kept: TKept[] = [];
  for (const user of index.directoryUsers) {
    if (accounted.has(user)) continue;
    const reason = removalReason(user, scope);
    const base = { userId: user.id, userName: user.userName, googleUserId: user.googleUserId, reason };
    if (autoDelete) {
      deletes.push({
        ...base,
        kind: 'delete',
        reasonText: removalText(reason, true),
        keepsArchiveFolder: true,
      });
    } else {
      kept.push({ ...base, kind: 'keep', reasonText: removalText(reason, false) });
    }
  }
  return { deletes, kept };
}
