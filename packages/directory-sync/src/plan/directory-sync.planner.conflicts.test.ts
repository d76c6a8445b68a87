import { describe, expect, it } from 'vitest';
import { planDirectorySync } from './directory-sync.planner';
import { applyPlan, googleUser, localDbUser, settings, syncedDbUser } from './plan.fixtures';

const alice = googleUser('g-alice', 'Alice@example.com', { aliases: ['sales@example.com'] });

describe('planDirectorySync: local users', () => {
  it.each([
    {
      name: 'same user name',
      local: localDbUser('local-1', 'ALICE@example.com'),
      value: 'alice@example.com',
    },
    {
      name: 'an address equal to an alias',
      local: localDbUser('local-1', 'shop', ['Sales@Example.com']),
      value: 'sales@example.com',
    },
    {
      name: 'an address equal to the primary address',
      local: localDbUser('local-1', 'alice', ['alice@example.com']),
      value: 'alice@example.com',
    },
  ])('reports a conflict for $name and never takes the local user over', ({ local, value }) => {
    const plan = planDirectorySync({
      googleUsers: [alice],
      dbUsers: [local],
      settings: settings({ autoDelete: true }),
    });
    expect(plan.creates).toEqual([]);
    expect(plan.updates).toEqual([]);
    expect(plan.deletes).toEqual([]);
    expect(plan.conflicts).toEqual([
      expect.objectContaining({
        kind: 'conflict',
        reason: 'LOCAL_USER_EXISTS',
        googleUserId: 'g-alice',
        userName: 'alice@example.com',
        existingUserId: 'local-1',
        matchedUserId: null,
        collidingValue: value,
      }),
    ]);
    expect(plan.conflicts[0]?.reasonText).toContain(value);
  });

  it('leaves a linked directory user untouched (not deleted) while its new alias collides with a local user', () => {
    const db = syncedDbUser(googleUser('g-alice', 'alice@example.com'));
    const plan = planDirectorySync({
      googleUsers: [alice],
      dbUsers: [db, localDbUser('local-1', 'shop', ['sales@example.com'])],
      settings: settings({ autoDelete: true }),
    });
    expect(plan.updates).toEqual([]);
    expect(plan.deletes).toEqual([]);
    expect(plan.conflicts.map((item) => [item.reason, item.matchedUserId])).toEqual([
      ['LOCAL_USER_EXISTS', db.id],
    ]);
  });

  it('never takes over a LOCAL user that keeps the Google id, whatever its name', () => {
    const local = { ...localDbUser('local-1', 'someone-else'), googleUserId: 'g-alice' };
    const plan = planDirectorySync({ googleUsers: [alice], dbUsers: [local], settings: settings() });
    expect(plan.updates).toEqual([]);
    expect(plan.creates).toEqual([]);
    expect(plan.conflicts).toEqual([
      expect.objectContaining({
        reason: 'LOCAL_USER_EXISTS',
        existingUserId: 'local-1',
        collidingValue: 'g-alice',
      }),
    ]);
    expect(plan.conflicts[0]?.reasonText).toContain('already linked to this Google Workspace account');
  });
});

describe('planDirectorySync: duplicates', () => {
  it('reports two Google users with the same primary address as conflicts instead of failing', () => {
    const first = googleUser('g-1', 'dup@example.com');
    const second = googleUser('g-2', 'DUP@example.com');
    const other = googleUser('g-3', 'other@example.com');
    const linked = syncedDbUser(first);
    const plan = planDirectorySync({
      googleUsers: [first, second, other],
      dbUsers: [linked],
      settings: settings({ autoDelete: true }),
    });
    expect(plan.conflicts.map((item) => [item.reason, item.googleUserId, item.matchedUserId])).toEqual([
      ['DUPLICATE_USER_NAME', 'g-1', linked.id],
      ['DUPLICATE_USER_NAME', 'g-2', null],
    ]);
    expect(plan.creates.map((item) => item.googleUserId)).toEqual(['g-3']);
    expect(plan.deletes).toEqual([]);
  });

  it('plans a user listed twice by the directory once', () => {
    const plan = planDirectorySync({ googleUsers: [alice, { ...alice }], dbUsers: [], settings: settings() });
    expect(plan.creates).toHaveLength(1);
    expect(plan.conflicts).toEqual([]);
  });
});

describe('planDirectorySync: user names held by other directory users', () => {
  const x = googleUser('g-x', 'n1@example.com');
  const y = googleUser('g-y', 'n2@example.com');
  const stale = syncedDbUser(googleUser('g-gone', 'n3@example.com'));
  const dbUsers = [syncedDbUser(x), syncedDbUser(y), stale];
  // x takes y's name while y takes the name of a user who is gone from Google.
  const googleUsers = [
    { ...x, primaryEmail: 'n2@example.com' },
    { ...y, primaryEmail: 'n3@example.com' },
  ];

  it('holds back a chain of renames while the last name is still held by a kept user', () => {
    const plan = planDirectorySync({ googleUsers, dbUsers, settings: settings({ autoDelete: false }) });
    expect(plan.updates).toEqual([]);
    expect(plan.kept.map((item) => item.userId)).toEqual([stale.id]);
    expect(plan.conflicts.map((item) => [item.reason, item.googleUserId, item.existingUserId])).toEqual([
      ['USER_NAME_TAKEN', 'g-x', 'db-g-y'],
      ['STALE_USER_HOLDS_NAME', 'g-y', stale.id],
    ]);
    // The holder is gone from Google: the conflict says so and names it, so it can be removed.
    expect(plan.conflicts[1]?.reasonText).toMatch(
      /no longer exists in Google Workspace \(Google id g-gone\)/,
    );
    expect(plan.conflicts[0]?.reasonText).not.toMatch(/no longer exists/);
    expect(() => applyPlan(dbUsers, plan)).not.toThrow();
  });

  it('lets the chain through once the holder is deleted, ordering the renames so each name is free', () => {
    const plan = planDirectorySync({ googleUsers, dbUsers, settings: settings({ autoDelete: true }) });
    expect(plan.conflicts).toEqual([]);
    expect(plan.updates.map((item) => item.userName)).toEqual(['n3@example.com', 'n2@example.com']);
    expect(applyPlan(dbUsers, plan).map((user) => user.userName)).toEqual([
      'n2@example.com',
      'n3@example.com',
    ]);
  });
});
