import type { TConflictReason, TDeleteReason, TFieldChange, TPlanReason } from './plan.types';

/** Short labels for filters and counts in the console ("Test Settings" table). */
export const REASON_LABELS: Readonly<Record<TPlanReason, string>> = {
  NEW_IN_GOOGLE: 'New in Google Workspace',
  RETURNED: 'Returned: gets their archive folder back',
  NAME_CHANGED: 'Name changed',
  PRIMARY_ADDRESS_CHANGED: 'Primary address changed',
  ARCHIVED: 'Archived in Google Workspace',
  UNARCHIVED: 'No longer archived in Google Workspace',
  EMAILS_CHANGED: 'E-mail addresses changed',
  SUSPENDED: 'Suspended in Google Workspace',
  UNSUSPENDED: 'No longer suspended in Google Workspace',
  ORG_UNIT_CHANGED: 'Organizational unit changed',
  LINKED: 'Linked to Google Workspace user',
  DELETED_IN_GOOGLE: 'Deleted in Google Workspace',
  NOT_IN_SYNCED_GROUPS: 'No longer in a synced group',
  LOCAL_USER_EXISTS: 'A local user already exists',
  DUPLICATE_USER_NAME: 'Duplicate primary e-mail address in Google Workspace',
  USER_NAME_TAKEN: 'User name held by another directory user',
  STALE_USER_HOLDS_NAME: 'User name held by a user no longer in Google Workspace',
};

export function createText(isSuspended: boolean, isArchived = false): string {
  if (isSuspended) return `${REASON_LABELS.NEW_IN_GOOGLE} (suspended: the user cannot log on)`;
  if (isArchived) return `${REASON_LABELS.NEW_IN_GOOGLE} (archived: the user cannot log on)`;
  return REASON_LABELS.NEW_IN_GOOGLE;
}

export function returnedText(folder: { name: string; formerUserName: string }): string {
  return `Returned to Google Workspace (formerly ${folder.formerUserName}): reconnected to their own archive folder "${folder.name}"`;
}

function emailsText(from: readonly string[], to: readonly string[]): string {
  const parts: string[] = [];
  if (from[0] !== to[0]) parts.push(`primary address changed from ${from[0] ?? '(none)'} to ${to[0]}`);
  const before = new Set(from);
  const after = new Set(to);
  const added = to.filter((address) => !before.has(address) && address !== to[0]);
  const removed = from.filter((address) => !after.has(address) && address !== from[0]);
  if (added.length > 0) parts.push(`alias added: ${added.join(', ')}`);
  if (removed.length > 0) parts.push(`alias removed: ${removed.join(', ')}`);
  if (parts.length === 0) parts.push('addresses normalized');
  return `E-mail addresses: ${parts.join(', ')}`;
}

export function changeText(change: TFieldChange): string {
  switch (change.field) {
    case 'googleUserId':
      return `Linked by user name to Google Workspace user ${change.to}`;
    case 'userName':
      return `User name changed from ${change.from} to ${change.to}`;
    case 'fullName':
      return `Full name changed from "${change.from}" to "${change.to}"`;
    case 'emails':
      return emailsText(change.from, change.to);
    case 'isArchived':
      return change.to
        ? 'Archived in Google Workspace: the user can no longer log on'
        : 'No longer archived in Google Workspace';
    case 'isSuspended':
      return change.to
        ? 'Suspended in Google Workspace: the user can no longer log on'
        : 'No longer suspended in Google Workspace';
    case 'orgUnitPath':
      return `Organizational unit changed from ${change.from ?? '(none)'} to ${change.to ?? '(none)'}`;
  }
}

export function updateText(changes: readonly TFieldChange[]): string {
  return changes.map(changeText).join('; ');
}

export function removalText(reason: TDeleteReason, isDeleted: boolean): string {
  const label = REASON_LABELS[reason];
  return isDeleted
    ? `${label}: the user entry is deleted, the user's archive folder is kept`
    : `${label}: kept because "Automatically delete users" is off`;
}

export function conflictText(
  reason: TConflictReason,
  google: { userName: string; googleUserId: string },
  value: string | null,
): string {
  const { userName } = google;
  switch (reason) {
    case 'LOCAL_USER_EXISTS':
      return value === google.googleUserId
        ? `A local user is already linked to this Google Workspace account (id ${value}); it is not taken over or changed`
        : `A local user already uses ${value ?? userName}; it is not taken over or changed`;
    case 'DUPLICATE_USER_NAME':
      return `More than one Google Workspace user has the primary address ${userName}; none of them is synchronized`;
    case 'USER_NAME_TAKEN':
      return `The user name ${userName} belongs to a directory user linked to another Google Workspace account`;
    case 'STALE_USER_HOLDS_NAME':
      return (
        `The user name ${userName} is still held by a directory user that no longer exists in Google Workspace ` +
        `(Google id ${value ?? 'unknown'}), kept because "Automatically delete users" is off. ` +
        'Remove that stale user (its archive folder is kept) and the next synchronization creates this one'
      );
  }
}
