export type TAuthMethod = 'LOCAL' | 'DIRECTORY';

/** One user as the Directory API listing reports it (already mapped by the Google client). */
export type TGoogleUser = {
  id: string;
  primaryEmail: string;
  aliases: string[];
  fullName: string;
  isSuspended: boolean;
  orgUnitPath: string | null;
  /** Google's `archived` (Archived User licence); absent counts as false. */
  isArchived?: boolean;
};

/** One row of the archive's own user table, as the executor loads it. */
export type TDbUser = {
  id: string;
  userName: string;
  fullName: string;
  emails: string[];
  authMethod: TAuthMethod;
  googleUserId: string | null;
  isSuspended: boolean;
  orgUnitPath: string | null;
  privileges: string[];
  /** Absent counts as false (rows written before the column, test builders). */
  isArchived?: boolean;
};

export type TPlanSettings = {
  autoDelete: boolean;
  defaultPrivileges: readonly string[];
  /**
   * The account's own domains (primary and secondary). When given, addresses in other domains
   * (Google's `*.test-google-a.com` aliases, domains removed from the account) are not copied.
   * The primary address is always kept because it is the user name.
   */
  domains?: readonly string[];
};

export type TPlanInput = {
  /** Either only the users in scope, or the full listing together with `inScopeUserIds`. */
  googleUsers: Iterable<TGoogleUser>;
  /**
   * Archive folders without an owner, by their former owner's Google id: a Google user who comes
   * back gets their own folder again instead of a new, empty one.
   */
  orphanedFolders?: ReadonlyMap<string, TOrphanedFolder>;
  /**
   * null/undefined: every listed user is in scope. Otherwise the ids of the (nested) members of the
   * selected groups; passing the full listing with this set lets the plan tell "no longer in a
   * synced group" apart from "deleted in Google".
   */
  inScopeUserIds?: ReadonlySet<string> | null;
  dbUsers: Iterable<TDbUser>;
  settings: TPlanSettings;
};

/** An archive folder whose owner was removed, as the runner loads it. */
export type TOrphanedFolder = { folderId: string; name: string; formerUserName: string };

/** What the archive's user row should look like for one Google user. */
export type TDesiredUser = {
  googleUserId: string;
  userName: string;
  fullName: string;
  emails: string[];
  isSuspended: boolean;
  orgUnitPath: string | null;
  /** Left out (undefined) unless the listing says so, like TGoogleUser.isArchived. */
  isArchived?: boolean;
};

export type TCreateReason = 'NEW_IN_GOOGLE' | 'RETURNED';
export type TUpdateReason =
  | 'NAME_CHANGED'
  | 'EMAILS_CHANGED'
  | 'SUSPENDED'
  | 'UNSUSPENDED'
  | 'ORG_UNIT_CHANGED'
  | 'LINKED'
  | 'PRIMARY_ADDRESS_CHANGED'
  | 'ARCHIVED'
  | 'UNARCHIVED';
export type TDeleteReason = 'DELETED_IN_GOOGLE' | 'NOT_IN_SYNCED_GROUPS';
export type TConflictReason =
  | 'LOCAL_USER_EXISTS'
  | 'DUPLICATE_USER_NAME'
  | 'USER_NAME_TAKEN'
  // The holder of the user name is gone from Google and only kept because auto-delete is off
  // (typically a leaver whose address went to a new hire): an admin may remove that one user.
  | 'STALE_USER_HOLDS_NAME';
export type TPlanReason = TCreateReason | TUpdateReason | TDeleteReason | TConflictReason;

export type TFieldChange =
  | { field: 'userName'; from: string; to: string; reason: TUpdateReason }
  | { field: 'fullName'; from: string; to: string; reason: TUpdateReason }
  | { field: 'emails'; from: string[]; to: string[]; reason: TUpdateReason }
  | { field: 'isSuspended'; from: boolean; to: boolean; reason: TUpdateReason }
  | { field: 'isArchived'; from: boolean; to: boolean; reason: TUpdateReason }
  | { field: 'orgUnitPath'; from: string | null; to: string | null; reason: TUpdateReason }
  | { field: 'googleUserId'; from: string | null; to: string; reason: TUpdateReason };

export type TUserField = TFieldChange['field'];

/** The new values of the changed fields only; privileges are never part of it. */
export type TUserPatch = Partial<TDesiredUser>;

export type TCreate = TDesiredUser & {
  kind: 'create';
  reason: TCreateReason;
  reasonText: string;
  authMethod: 'DIRECTORY';
  /**
   * The default privileges. Frozen and shared by every create of the plan (copy it before
   * changing it); typed mutable only so it can go straight into a Prisma write.
   */
  privileges: string[];
  /**
   * The directory user who holds this user name today and gives it up in this plan (deleted or
   * renamed away), or null. When that user's deletion is held, this create waits with it.
   */
  takesNameFrom: string | null;
  /** For RETURNED: the user's own orphaned archive folder, which they get back. */
  returningFolderId: string | null;
};

export type TUpdate = {
  kind: 'update';
  userId: string;
  googleUserId: string;
  /** The user name after the update. */
  userName: string;
  /** The most significant reason; `reasons` lists every one, in the order of `changes`. */
  reason: TUpdateReason;
  reasons: readonly TUpdateReason[];
  reasonText: string;
  changes: readonly TFieldChange[];
  patch: TUserPatch;
  /** For a rename: the directory user giving up the new name in this plan, or null (see TCreate). */
  takesNameFrom?: string | null;
};

/** A directory user no longer in scope: deleted when auto-delete is on, otherwise kept. */
export type TRemoval = {
  userId: string;
  userName: string;
  googleUserId: string | null;
  reason: TDeleteReason;
  reasonText: string;
};

export type TDelete = TRemoval & {
  kind: 'delete';
  /** Always true: only the user entry goes, the archive folder and its mail stay. */
  keepsArchiveFolder: true;
};

export type TKept = TRemoval & { kind: 'keep' };

export type TConflict = {
  kind: 'conflict';
  reason: TConflictReason;
  reasonText: string;
  googleUserId: string;
  /** The user name the Google user would have. */
  userName: string;
  /** The existing user in the way (the local user, or the directory user holding the name). */
  existingUserId: string | null;
  /** The directory user already linked to this Google user; it is left untouched. */
  matchedUserId: string | null;
  /** For LOCAL_USER_EXISTS: the user name, address or Google id both sides share. */
  collidingValue: string | null;
};

export type TPlanCounts = {
  creates: number;
  updates: number;
  deletes: number;
  kept: number;
  conflicts: number;
  unchanged: number;
  /** Google users the plan considered (after the group filter, duplicates of an id dropped). */
  googleUsersInScope: number;
  googleUsersOutOfScope: number;
  /** DIRECTORY users in the database before the sync: the base of the deletion threshold. */
  directoryUsers: number;
  localUsers: number;
};

/**
 * The executor applies deletes, then updates, then creates: a create or rename may take over a
 * user name that a delete or another rename in the same plan frees.
 */
export type TSyncPlan = {
  creates: TCreate[];
  updates: TUpdate[];
  deletes: TDelete[];
  kept: TKept[];
  conflicts: TConflict[];
  unchangedCount: number;
  counts: TPlanCounts;
};

export type TPlanItem = TCreate | TUpdate | TDelete | TKept | TConflict;
export type TPlanKind = TPlanItem['kind'];
