import { toDesiredUser, toDomainSet } from './desired-user.mapper';
import type { TDbUser, TDesiredUser, TFieldChange, TGoogleUser, TUserPatch } from './plan.types';

/**
 * Google may list aliases in a different order from one read to the next; only the primary
 * address (first) and the set of addresses count, or every resync would rewrite users.
 */
export function sameEmails(current: readonly string[], desired: readonly string[]): boolean {
  if (current.length !== desired.length || current[0] !== desired[0]) return false;
  let isSameOrder = true;
  for (let i = 1; i < current.length; i++) {
    if (current[i] !== desired[i]) {
      isSameOrder = false;
      break;
    }
  }
  if (isSameOrder) return true;
  const currentSet = new Set(current);
  return currentSet.size === current.length && desired.every((address) => currentSet.has(address));
}

/** Field-level diff from the stored row to the desired state; privileges are never compared. */
export function diffDesired(desired: TDesiredUser, db: TDbUser): TFieldChange[] {
  const changes: TFieldChange[] = [];
  if (db.googleUserId !== desired.googleUserId) {
    changes.push({
      field: 'googleUserId',
      from: db.googleUserId,
      to: desired.googleUserId,
      reason: 'LINKED',
    });
  }
  if (db.userName !== desired.userName) {
    // The user name is the primary address: another address is not a change of the person's name
    // (a stored name that differs only in case is merely normalized).
    const isNewAddress = db.userName.toLowerCase() !== desired.userName;
    changes.push({
      field: 'userName',
      from: db.userName,
      to: desired.userName,
      reason: isNewAddress ? 'PRIMARY_ADDRESS_CHANGED' : 'NAME_CHANGED',
    });
  }
  if (db.fullName !== desired.fullName) {
    changes.push({ field: 'fullName', from: db.fullName, to: desired.fullName, reason: 'NAME_CHANGED' });
  }
  if (!sameEmails(db.emails, desired.emails)) {
    changes.push({ field: 'emails', from: [...db.emails], to: desired.emails, reason: 'EMAILS_CHANGED' });
  }
  if (db.isSuspended !== desired.isSuspended) {
    changes.push({
      field: 'isSuspended',
      from: db.isSuspended,
      to: desired.isSuspended,
      reason: desired.isSuspended ? 'SUSPENDED' : 'UNSUSPENDED',
    });
  }
  const isArchived = desired.isArchived === true;
  if ((db.isArchived === true) !== isArchived) {
    changes.push({
      field: 'isArchived',
      from: !isArchived,
      to: isArchived,
      reason: isArchived ? 'ARCHIVED' : 'UNARCHIVED',
    });
  }
  if (db.orgUnitPath !== desired.orgUnitPath) {
    changes.push({
      field: 'orgUnitPath',
      from: db.orgUnitPath,
      to: desired.orgUnitPath,
      reason: 'ORG_UNIT_CHANGED',
    });
  }
  return changes;
}

/** Convenience for tests and previews: normalizes the Google user the way the planner does. */
export function diffUser(
  google: TGoogleUser,
  db: TDbUser,
  options: { domains?: readonly string[] } = {},
): TFieldChange[] {
  return diffDesired(toDesiredUser(google, toDomainSet(options.domains)), db);
}

export function toPatch(changes: readonly TFieldChange[]): TUserPatch {
  const patch: TUserPatch = {};
  for (const change of changes) {
    switch (change.field) {
      case 'googleUserId':
        patch.googleUserId = change.to;
        break;
      case 'userName':
        patch.userName = change.to;
        break;
      case 'fullName':
        patch.fullName = change.to;
        break;
      case 'emails':
        patch.emails = change.to;
        break;
      case 'isSuspended':
        patch.isSuspended = change.to;
        break;
      case 'isArchived':
        patch.isArchived = change.to;
        break;
      case 'orgUnitPath':
        patch.orgUnitPath = change.to;
        break;
    }
  }
  return patch;
}
