import { describe, expect, it } from 'vitest';
import { planDirectorySync } from './directory-sync.planner';
import { applyPlan, googleUser, localDbUser, settings, syncedDbUser } from './plan.fixtures';
import type { TDeleteReason } from './plan.types';

const alice = googleUser('g-alice', 'alice@example.com');
const bob = googleUser('g-bob', 'bob@example.com');
const dbUsers = [syncedDbUser(alice), syncedDbUser(bob)];

type TRemovalCase = {
  name: string;
  inScopeUserIds: Set<string> | null;
  googleUsers: (typeof alice)[];
  reason: TDeleteReason;
};

const removalCases: TRemovalCase[] = [
  {
    name: 'user moved out of the synced groups',
    googleUsers: [alice, bob],
    inScopeUserIds: new Set(['g-alice']),
    reason: 'NOT_IN_SYNCED_GROUPS',
  },
  {
    name: 'user deleted in Google (no group filter)',
    googleUsers: [alice],
    inScopeUserIds: null,
    reason: 'DELETED_IN_GOOGLE',
  },
  {
    name: 'user deleted in Google (group filter on)',
    googleUsers: [alice],
    inScopeUserIds: new Set(['g-alice', 'g-bob']),
    reason: 'DELETED_IN_GOOGLE',
  },
];

describe('planDirectorySync: removals', () => {
  it.each(removalCases)(
    '$name: deleted only with automatic deletion',
    ({ googleUsers, inScopeUserIds, reason }) => {
      const input = { googleUsers, inScopeUserIds, dbUsers };
      const withDelete = planDirectorySync({ ...input, settings: settings({ autoDelete: true }) });
      expect(withDelete.kept).toEqual([]);
      expect(withDelete.deletes).toEqual([
        expect.objectContaining({ kind: 'delete', userId: 'db-g-bob', reason, keepsArchiveFolder: true }),
      ]);
      expect(withDelete.deletes[0]?.reasonText).toContain('archive folder is kept');
      expect(withDelete.unchangedCount).toBe(1);

      const withoutDelete = planDirectorySync({ ...input, settings: settings({ autoDelete: false }) });
      expect(withoutDelete.deletes).toEqual([]);
      expect(withoutDelete.kept).toEqual([
        expect.objectContaining({ kind: 'keep', userId: 'db-g-bob', userName: 'bob@example.com', reason }),
      ]);
      expect(withoutDelete.kept[0]?.reasonText).toContain('Automatically delete users');
    },
  );

  it('tells a user outside the groups from a deleted one when the DB user was never linked', () => {
    const unlinked = { ...syncedDbUser(bob), googleUserId: null };
    const plan = planDirectorySync({
      googleUsers: [alice, bob],
      inScopeUserIds: new Set(['g-alice']),
      dbUsers: [syncedDbUser(alice), unlinked],
      settings: settings({ autoDelete: true }),
    });
    expect(plan.deletes.map((item) => item.reason)).toEqual(['NOT_IN_SYNCED_GROUPS']);
  });

  it('treats members of the selected groups as the only users in scope', () => {
    const carol = googleUser('g-carol', 'carol@example.com');
    const plan = planDirectorySync({
      googleUsers: [alice, bob, carol],
      inScopeUserIds: new Set(['g-carol']),
      dbUsers: [],
      settings: settings(),
    });
    expect(plan.creates.map((item) => item.googleUserId)).toEqual(['g-carol']);
    expect(plan.counts.googleUsersInScope).toBe(1);
    expect(plan.counts.googleUsersOutOfScope).toBe(2);
  });

  it('keeps users suspended in Google and marks them suspended instead of deleting them', () => {
    const suspended = { ...bob, isSuspended: true };
    const plan = planDirectorySync({
      googleUsers: [alice, suspended],
      dbUsers,
      settings: settings({ autoDelete: true }),
    });
    expect(plan.deletes).toEqual([]);
    expect(plan.updates.map((item) => [item.userId, item.reason])).toEqual([['db-g-bob', 'SUSPENDED']]);
  });

  it('never deletes or keeps LOCAL users, even with automatic deletion and an empty directory', () => {
    const locals = [localDbUser('admin', 'admin'), localDbUser('l2', 'ops@example.com', ['ops@example.com'])];
    const plan = planDirectorySync({
      googleUsers: [],
      dbUsers: [...locals, ...dbUsers],
      settings: settings({ autoDelete: true }),
    });
    expect(plan.deletes.map((item) => item.userId)).toEqual(['db-g-alice', 'db-g-bob']);
    expect(plan.kept).toEqual([]);
    expect(plan.counts.localUsers).toBe(2);
    expect(plan.counts.directoryUsers).toBe(2);
    expect(applyPlan([...locals, ...dbUsers], plan)).toEqual(locals);
  });

  it('frees the user name of a deleted user for a new Google account with the same address', () => {
    const recreated = googleUser('g-bob-2', 'bob@example.com');
    const plan = planDirectorySync({
      googleUsers: [alice, recreated],
      dbUsers,
      settings: settings({ autoDelete: true }),
    });
    expect(plan.deletes.map((item) => [item.userId, item.reason])).toEqual([
      ['db-g-bob', 'DELETED_IN_GOOGLE'],
    ]);
    expect(plan.creates.map((item) => item.googleUserId)).toEqual(['g-bob-2']);
    expect(plan.conflicts).toEqual([]);
    expect(applyPlan(dbUsers, plan).map((user) => user.googleUserId)).toEqual(['g-alice', 'g-bob-2']);
  });
});
