import { describe, expect, it } from 'vitest';
import { googleUser, syncedDbUser } from './plan.fixtures';
import type { TDbUser, TFieldChange, TGoogleUser } from './plan.types';
import { diffUser, sameEmails, toPatch } from './user-diff';

const google = googleUser('g-1', 'dana@example.com', {
  fullName: 'Dana Dale',
  aliases: ['d.dale@example.com', 'dana@example.net'],
  orgUnitPath: '/IT',
});
const synced = syncedDbUser(google, { id: 'u1' });

type TDiffCase = {
  name: string;
  google?: Partial<TGoogleUser>;
  db?: Partial<TDbUser>;
  expected: TFieldChange[];
};

const cases: TDiffCase[] = [
  { name: 'nothing changed', expected: [] },
  { name: 'privileges differ (never compared)', db: { privileges: ['admin'] }, expected: [] },
  {
    name: 'aliases in another order',
    google: { aliases: ['dana@example.net', 'd.dale@example.com'] },
    expected: [],
  },
  {
    name: 'not linked yet',
    db: { googleUserId: null },
    expected: [{ field: 'googleUserId', from: null, to: 'g-1', reason: 'LINKED' }],
  },
  {
    name: 'user name stored with capitals',
    db: { userName: 'Dana@Example.com' },
    expected: [
      { field: 'userName', from: 'Dana@Example.com', to: 'dana@example.com', reason: 'NAME_CHANGED' },
    ],
  },
  {
    name: 'full name',
    google: { fullName: 'Dana Doe' },
    expected: [{ field: 'fullName', from: 'Dana Dale', to: 'Dana Doe', reason: 'NAME_CHANGED' }],
  },
  {
    name: 'alias removed',
    google: { aliases: ['dana@example.net'] },
    expected: [
      {
        field: 'emails',
        from: ['dana@example.com', 'd.dale@example.com', 'dana@example.net'],
        to: ['dana@example.com', 'dana@example.net'],
        reason: 'EMAILS_CHANGED',
      },
    ],
  },
  {
    name: 'duplicate address stored',
    db: { emails: ['dana@example.com', 'd.dale@example.com', 'd.dale@example.com'] },
    expected: [
      {
        field: 'emails',
        from: ['dana@example.com', 'd.dale@example.com', 'd.dale@example.com'],
        to: ['dana@example.com', 'd.dale@example.com', 'dana@example.net'],
        reason: 'EMAILS_CHANGED',
      },
    ],
  },
  {
    name: 'suspended',
    google: { isSuspended: true },
    expected: [{ field: 'isSuspended', from: false, to: true, reason: 'SUSPENDED' }],
  },
  {
    name: 'org unit removed',
    google: { orgUnitPath: null },
    expected: [{ field: 'orgUnitPath', from: '/IT', to: null, reason: 'ORG_UNIT_CHANGED' }],
  },
];

describe('diffUser', () => {
  it.each(cases)('$name', ({ google: googleChange, db: dbChange, expected }) => {
    expect(diffUser({ ...google, ...googleChange }, { ...synced, ...dbChange })).toEqual(expected);
  });

  it('reports several fields at once, in a fixed order', () => {
    const changes = diffUser(
      { ...google, primaryEmail: 'dana.doe@example.com', fullName: 'Dana Doe', isSuspended: true },
      { ...synced, googleUserId: null },
    );
    expect(changes.map((change) => change.field)).toEqual([
      'googleUserId',
      'userName',
      'fullName',
      'emails',
      'isSuspended',
    ]);
    expect(toPatch(changes)).toEqual({
      googleUserId: 'g-1',
      userName: 'dana.doe@example.com',
      fullName: 'Dana Doe',
      emails: ['dana.doe@example.com', 'd.dale@example.com', 'dana@example.net'],
      isSuspended: true,
    });
  });

  it('drops addresses outside the given domains before comparing', () => {
    const withTestAlias = { ...google, aliases: [...google.aliases, 'dana@example.com.test-google-a.com'] };
    expect(diffUser(withTestAlias, synced, { domains: ['example.com', 'example.net'] })).toEqual([]);
    expect(diffUser(withTestAlias, synced).map((change) => change.field)).toEqual(['emails']);
  });

  it('copies the stored addresses instead of pointing into the input', () => {
    const db = { ...synced, emails: ['old@example.com'] };
    const [change] = diffUser(google, db);
    expect(change?.from).toEqual(['old@example.com']);
    expect(change?.from).not.toBe(db.emails);
  });
});

describe('sameEmails', () => {
  it.each([
    { current: ['a', 'b', 'c'], desired: ['a', 'b', 'c'], same: true },
    { current: ['a', 'c', 'b'], desired: ['a', 'b', 'c'], same: true },
    { current: ['b', 'a'], desired: ['a', 'b'], same: false },
    { current: ['a', 'b'], desired: ['a', 'b', 'c'], same: false },
    { current: ['a', 'b', 'b'], desired: ['a', 'b', 'c'], same: false },
    { current: [], desired: ['a'], same: false },
  ])('$current vs $desired -> $same', ({ current, desired, same }) => {
    expect(sameEmails(current, desired)).toBe(same);
  });
});
