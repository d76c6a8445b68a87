import { describe, expect, it } from 'vitest';
import { toDesiredUser } from '../plan/desired-user.mapper';
import { googleUser, localDbUser, syncedDbUser } from '../plan/plan.fixtures';
import { diffDesired } from '../plan/user-diff';
import type { TDbUserFingerprints } from '../read/db-user.loader';
import { userFingerprint } from '../read/user-fingerprint';
import { exceedsDeletionThreshold } from './deletion-threshold';
import { createUnchangedFilter, setAsideUnchanged } from './unchanged-users.filter';

function fingerprints(
  users: ReturnType<typeof syncedDbUser>[],
  others = [] as TDbUserFingerprints['others'],
) {
  const linked = new Map(users.map((user) => [user.googleUserId!, userFingerprint(user)]));
  return { linked, others };
}

describe('userFingerprint', () => {
  const google = googleUser('1', 'Ann@Example.com', { aliases: ['a@example.net', 'ann@example.org'] });

  it('is equal exactly when the planner finds nothing to change', () => {
    const desired = toDesiredUser(google);
    const variants = [
      syncedDbUser(google),
      syncedDbUser(google, { emails: ['ann@example.com', 'ann@example.org', 'a@example.net'] }),
      syncedDbUser(google, { fullName: 'Someone Else' }),
      syncedDbUser(google, { isSuspended: true }),
      syncedDbUser(google, { orgUnitPath: null }),
      syncedDbUser(google, { userName: 'Ann@example.com' }),
      syncedDbUser(google, { emails: ['ann@example.com', 'a@example.net'] }),
      syncedDbUser(google, {
        emails: ['ann@example.com', 'a@example.net', 'a@example.net', 'ann@example.org'],
      }),
    ];
    for (const db of variants) {
      expect(userFingerprint(db) === userFingerprint(desired), JSON.stringify(db)).toBe(
        diffDesired(desired, db).length === 0,
      );
    }
  });

  it('does not reorder the addresses it is given', () => {
    const user = syncedDbUser(
      googleUser('2', 'b@example.com', { aliases: ['z@example.com', 'a@example.com'] }),
    );
    const before = [...user.emails];
    userFingerprint(user);
    expect(user.emails).toEqual(before);
  });
});

describe('setAsideUnchanged', () => {
  const ann = googleUser('1', 'ann@example.com');
  const bob = googleUser('2', 'bob@example.com');
  const cid = googleUser('3', 'cid@example.com');

  it('sets aside unchanged pairs and keeps changed, new and out-of-scope users for the planner', () => {
    const db = () => fingerprints([syncedDbUser(ann), syncedDbUser(bob, { fullName: 'Old name' })]);
    const split = setAsideUnchanged([ann, bob, cid], null, db());
    expect(split.unchangedCount).toBe(1);
    expect(split.googleUsers.map((user) => user.id)).toEqual(['2', '3']);
    expect(split.googleUserIdsToPlan).toEqual(['2']);

    const scoped = setAsideUnchanged([ann, bob, cid], new Set(['2', '3']), db());
    expect(scoped.unchangedCount).toBe(0);
    expect(scoped.googleUsers.map((user) => user.id)).toEqual(['1', '2', '3']);
    expect([...scoped.googleUserIdsToPlan].sort()).toEqual(['1', '2']);
  });

  it('sends a linked user missing from the listing to the planner (deleted in Google)', () => {
    const split = setAsideUnchanged([ann], null, fingerprints([syncedDbUser(ann), syncedDbUser(bob)]));
    expect(split.unchangedCount).toBe(1);
    expect(split.googleUserIdsToPlan).toEqual(['2']);
  });

  it('keeps a pair when a local user shares an address, so the planner reports the conflict', () => {
    const db = fingerprints([syncedDbUser(ann)], [localDbUser('local-1', 'someone', ['ann@example.com'])]);
    expect(setAsideUnchanged([ann], null, db).unchangedCount).toBe(0);
  });

  it('keeps the holder of a name another Google user wants', () => {
    const copy = googleUser('9', 'ann@example.com');
    const db = fingerprints([syncedDbUser(ann)]);
    const split = setAsideUnchanged([ann, copy], null, db);
    expect(split.unchangedCount).toBe(0);
    expect(split.googleUserIdsToPlan).toEqual(['1']);
  });

  it('observed user by user, decides as on the whole listing once the scope is known', () => {
    const dan = googleUser('4', 'dan@example.com');
    const db = fingerprints([syncedDbUser(ann), syncedDbUser(bob), syncedDbUser(cid, { fullName: 'Old' })]);
    const filter = createUnchangedFilter(db);
    const listing = [ann, bob, cid, dan];
    for (const user of listing) filter.observe(user);
    const split = filter.finish(listing, new Set(['1', '3', '4']));
    expect(split.unchangedCount).toBe(1);
    expect(split.googleUsers.map((user) => user.id)).toEqual(['2', '3', '4']);
    expect([...split.googleUserIdsToPlan].sort()).toEqual(['2', '3']);
  });

  it('leaves a user listed twice (a paging glitch) to the planner, with its stored pair', () => {
    const split = setAsideUnchanged([ann, bob, ann], null, fingerprints([syncedDbUser(ann)]));
    expect(split.unchangedCount).toBe(0);
    expect(split.googleUsers.map((user) => user.id)).toEqual(['1', '2', '1']);
    expect(split.googleUserIdsToPlan).toEqual(['1']);
  });
});

describe('exceedsDeletionThreshold', () => {
  const threshold = { percent: 10, count: 50 };
  it('holds above either limit and never for zero deletions', () => {
    expect(exceedsDeletionThreshold(0, 0, threshold)).toBe(false);
    expect(exceedsDeletionThreshold(10, 100, threshold)).toBe(false);
    expect(exceedsDeletionThreshold(11, 100, threshold)).toBe(true);
    expect(exceedsDeletionThreshold(50, 1_000, threshold)).toBe(false);
    expect(exceedsDeletionThreshold(51, 1_000, threshold)).toBe(true);
  });
});
