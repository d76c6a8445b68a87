import { describe, expect, it } from 'vitest';
import { planDirectorySync } from './directory-sync.planner';
import { applyPlan, googleUser, settings, syncedDbUser } from './plan.fixtures';
import type { TDbUser, TGoogleUser, TUpdateReason, TUserField } from './plan.types';

const alice = googleUser('g-alice', 'Alice@Example.com', {
  fullName: 'Alice Archer',
  aliases: ['a.archer@example.com', 'alice@example.org', 'ALICE@example.com'],
  orgUnitPath: '/Sales',
});
const bob = googleUser('g-bob', 'bob@example.com', { fullName: 'Bob Baker' });
const carol = googleUser('g-carol', 'carol@example.org', { fullName: 'Carol Cole', isSuspended: true });

describe('planDirectorySync: first sync', () => {
  const plan = planDirectorySync({
    googleUsers: [alice, bob, carol],
    dbUsers: [],
    settings: settings({ defaultPrivileges: ['login', 'archive'] }),
  });

  it('creates every Google user, named after the lower-cased primary address', () => {
    expect(plan.creates.map((item) => item.userName)).toEqual([
      'alice@example.com',
      'bob@example.com',
      'carol@example.org',
    ]);
    expect(plan.creates.every((item) => item.reason === 'NEW_IN_GOOGLE')).toBe(true);
    expect(plan.creates.every((item) => item.authMethod === 'DIRECTORY')).toBe(true);
    expect(plan.counts).toMatchObject({
      creates: 3,
      updates: 0,
      deletes: 0,
      kept: 0,
      conflicts: 0,
      unchanged: 0,
    });
  });

  it('copies the primary address first, then aliases (secondary domains included), without duplicates', () => {
    expect(plan.creates[0]).toMatchObject({
      googleUserId: 'g-alice',
      fullName: 'Alice Archer',
      emails: ['alice@example.com', 'a.archer@example.com', 'alice@example.org'],
      orgUnitPath: '/Sales',
      isSuspended: false,
    });
  });

  it('creates suspended users as suspended and says they cannot log on', () => {
    const created = plan.creates.find((item) => item.googleUserId === 'g-carol');
    expect(created?.isSuspended).toBe(true);
    expect(created?.reasonText).toContain('cannot log on');
    expect(plan.creates.find((item) => item.googleUserId === 'g-bob')?.reasonText).toBe(
      'New in Google Workspace',
    );
  });

  it('gives new users the default privileges', () => {
    for (const item of plan.creates) expect(item.privileges).toEqual(['login', 'archive']);
  });

  it('shares one frozen copy of the default privileges, detached from the settings', () => {
    const defaultPrivileges = ['login', 'login', 'export'];
    const planned = planDirectorySync({
      googleUsers: [alice, bob],
      dbUsers: [],
      settings: settings({ defaultPrivileges }),
    });
    defaultPrivileges.push('delete');
    const [first, second] = planned.creates;
    expect(first?.privileges).toEqual(['login', 'export']);
    expect(first?.privileges).toBe(second?.privileges);
    expect(Object.isFrozen(first?.privileges)).toBe(true);
  });
});

describe('planDirectorySync: resync', () => {
  it('plans nothing when the database already matches Google (idempotent)', () => {
    const first = planDirectorySync({ googleUsers: [alice, bob, carol], dbUsers: [], settings: settings() });
    const dbUsers = applyPlan([], first);
    const second = planDirectorySync({ googleUsers: [alice, bob, carol], dbUsers, settings: settings() });
    expect(second.creates).toEqual([]);
    expect(second.updates).toEqual([]);
    expect(second.deletes).toEqual([]);
    expect(second.kept).toEqual([]);
    expect(second.conflicts).toEqual([]);
    expect(second.unchangedCount).toBe(3);
  });

  it('does not rewrite users when Google lists the aliases in another order', () => {
    const dbUsers = [syncedDbUser(alice)];
    const reordered = { ...alice, aliases: [...alice.aliases].reverse() };
    const plan = planDirectorySync({ googleUsers: [reordered], dbUsers, settings: settings() });
    expect(plan.updates).toEqual([]);
    expect(plan.unchangedCount).toBe(1);
  });

  it('does not update existing users when the default privileges change', () => {
    const dbUsers = [syncedDbUser(bob, { privileges: ['login'] })];
    const plan = planDirectorySync({
      googleUsers: [bob],
      dbUsers,
      settings: settings({ defaultPrivileges: ['login', 'export', 'delete'] }),
    });
    expect(plan.updates).toEqual([]);
    expect(plan.unchangedCount).toBe(1);
  });
});

type TUpdateCase = {
  name: string;
  change: (user: TGoogleUser) => TGoogleUser;
  fields: TUserField[];
  reasons: TUpdateReason[];
  text: string;
};

const updateCases: TUpdateCase[] = [
  {
    name: 'full name changed',
    change: (user) => ({ ...user, fullName: 'Alice Smith' }),
    fields: ['fullName'],
    reasons: ['NAME_CHANGED'],
    text: 'Full name changed from "Alice Archer" to "Alice Smith"',
  },
  {
    name: 'primary address changed (old one kept as alias)',
    change: (user) => ({
      ...user,
      primaryEmail: 'alice.smith@example.com',
      aliases: ['alice@example.com', ...user.aliases],
    }),
    fields: ['userName', 'emails'],
    // Issue 10: the primary address is not the person's name.
    reasons: ['PRIMARY_ADDRESS_CHANGED', 'EMAILS_CHANGED'],
    text: 'User name changed from alice@example.com to alice.smith@example.com',
  },
  {
    name: 'alias added',
    change: (user) => ({ ...user, aliases: [...user.aliases, 'sales@example.com'] }),
    fields: ['emails'],
    reasons: ['EMAILS_CHANGED'],
    text: 'alias added: sales@example.com',
  },
  {
    name: 'secondary-domain alias added',
    change: (user) => ({ ...user, aliases: [...user.aliases, 'Alice@Example.NET'] }),
    fields: ['emails'],
    reasons: ['EMAILS_CHANGED'],
    text: 'alias added: alice@example.net',
  },
  {
    name: 'alias removed',
    change: (user) => ({ ...user, aliases: user.aliases.filter((a) => a !== 'a.archer@example.com') }),
    fields: ['emails'],
    reasons: ['EMAILS_CHANGED'],
    text: 'alias removed: a.archer@example.com',
  },
  {
    name: 'suspended',
    change: (user) => ({ ...user, isSuspended: true }),
    fields: ['isSuspended'],
    reasons: ['SUSPENDED'],
    text: 'can no longer log on',
  },
  {
    name: 'moved to another org unit',
    change: (user) => ({ ...user, orgUnitPath: '/Sales/EMEA' }),
    fields: ['orgUnitPath'],
    reasons: ['ORG_UNIT_CHANGED'],
    text: 'from /Sales to /Sales/EMEA',
  },
];

describe('planDirectorySync: updates', () => {
  it.each(updateCases)('$name', ({ change, fields, reasons, text }) => {
    const db = syncedDbUser(alice, { id: 'u1', privileges: ['login', 'export'] });
    const plan = planDirectorySync({ googleUsers: [change(alice)], dbUsers: [db], settings: settings() });
    expect(plan.creates).toEqual([]);
    expect(plan.unchangedCount).toBe(0);
    expect(plan.updates).toHaveLength(1);
    const update = plan.updates[0]!;
    expect(update.userId).toBe('u1');
    expect(update.changes.map((item) => item.field)).toEqual(fields);
    expect(update.reasons).toEqual(reasons);
    expect(update.reason).toBe(reasons[0]);
    expect(update.reasonText).toContain(text);
    expect(Object.keys(update.patch).sort()).toEqual([...fields].sort());
    expect(update.patch).not.toHaveProperty('privileges');
    const [after] = applyPlan([db], plan);
    expect(after?.privileges).toEqual(['login', 'export']);
    const again = planDirectorySync({
      googleUsers: [change(alice)],
      dbUsers: [after!],
      settings: settings(),
    });
    expect(again.unchangedCount).toBe(1);
  });

  it('un-suspends a user that Google no longer suspends', () => {
    const db = syncedDbUser(carol);
    const plan = planDirectorySync({
      googleUsers: [{ ...carol, isSuspended: false }],
      dbUsers: [db],
      settings: settings(),
    });
    expect(plan.updates[0]?.reason).toBe('UNSUSPENDED');
    expect(plan.updates[0]?.changes).toEqual([
      { field: 'isSuspended', from: true, to: false, reason: 'UNSUSPENDED' },
    ]);
  });

  it('matches by Google id first, so a renamed user is updated rather than recreated', () => {
    const db = syncedDbUser(bob);
    const renamed = { ...bob, primaryEmail: 'robert@example.com' };
    const plan = planDirectorySync({
      googleUsers: [renamed],
      dbUsers: [db],
      settings: settings({ autoDelete: true }),
    });
    expect(plan.creates).toEqual([]);
    expect(plan.deletes).toEqual([]);
    expect(plan.updates[0]?.patch).toEqual({
      userName: 'robert@example.com',
      emails: ['robert@example.com'],
    });
  });
});

describe('planDirectorySync: linking', () => {
  it('records the Google id of a directory user that only matches by user name', () => {
    const unlinked: TDbUser = {
      ...syncedDbUser(bob),
      id: 'u-old',
      userName: 'Bob@Example.com',
      googleUserId: null,
    };
    const plan = planDirectorySync({ googleUsers: [bob], dbUsers: [unlinked], settings: settings() });
    expect(plan.creates).toEqual([]);
    expect(plan.updates).toHaveLength(1);
    expect(plan.updates[0]).toMatchObject({ userId: 'u-old', reason: 'LINKED' });
    expect(plan.updates[0]?.patch).toEqual({ googleUserId: 'g-bob', userName: 'bob@example.com' });
  });

  it('does not link by name a directory user that belongs to another Google id', () => {
    const other: TDbUser = { ...syncedDbUser(bob), id: 'u-old', googleUserId: 'g-gone' };
    const plan = planDirectorySync({ googleUsers: [bob], dbUsers: [other], settings: settings() });
    expect(plan.updates).toEqual([]);
    expect(plan.creates).toEqual([]);
    expect(plan.kept.map((item) => item.userId)).toEqual(['u-old']);
    expect(plan.conflicts.map((item) => [item.reason, item.existingUserId])).toEqual([
      ['STALE_USER_HOLDS_NAME', 'u-old'],
    ]);
  });
});

describe('planDirectorySync: domains', () => {
  const withTestAlias = { ...bob, aliases: ['bob@example.com.test-google-a.com', 'bob@example.org'] };

  it('keeps only addresses in the account domains when they are given', () => {
    const plan = planDirectorySync({
      googleUsers: [withTestAlias],
      dbUsers: [],
      settings: settings({ domains: ['example.com', 'Example.org'] }),
    });
    expect(plan.creates[0]?.emails).toEqual(['bob@example.com', 'bob@example.org']);
  });

  it('keeps every address without a domain list', () => {
    const plan = planDirectorySync({ googleUsers: [withTestAlias], dbUsers: [], settings: settings() });
    expect(plan.creates[0]?.emails).toEqual([
      'bob@example.com',
      'bob@example.com.test-google-a.com',
      'bob@example.org',
    ]);
  });
});
