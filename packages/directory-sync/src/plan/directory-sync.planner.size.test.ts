import { describe, expect, it } from 'vitest';
import { planDirectorySync } from './directory-sync.planner';
import { googleUser, localDbUser, settings, syncedDbUser } from './plan.fixtures';
import type { TGoogleUser } from './plan.types';
import { summarizePlan } from './plan-summary';

const USERS = 100_000;

function baseUser(i: number): TGoogleUser {
  return googleUser(`g${i}`, `user${i}@example.com`, {
    fullName: `User ${i}`,
    aliases: [`u${i}@example.com`, `user${i}@example.org`],
    orgUnitPath: `/ou${i % 20}`,
  });
}

// Residues mod 100 keep the kinds of change disjoint, so every count below is exact.
function* currentListing(): Generator<TGoogleUser> {
  for (let i = 0; i < USERS; i++) {
    if (i % 100 === 1) continue;
    const user = baseUser(i);
    if (i % 100 === 0) yield { ...user, fullName: `User ${i} (renamed)` };
    else if (i % 200 === 2) yield { ...user, isSuspended: true };
    else yield user;
  }
  for (let i = USERS; i < USERS + 1000; i++) yield baseUser(i);
}

describe('planDirectorySync at 100,000 users', () => {
  // Plans 100,000 users: seconds on a loaded 2-core machine, so not the default 5 s unit-test budget.
  it('plans a realistic resync with exact counts', { timeout: 60_000 }, () => {
    const dbUsers = Array.from({ length: USERS }, (_, i) => syncedDbUser(baseUser(i)));
    const locals = Array.from({ length: 50 }, (_, i) => localDbUser(`local${i}`, `local${i}`));
    locals.push(localDbUser('clash', `user${USERS + 7}@example.com`));
    // Existing users with i % 500 === 3 left the synced groups; every new user is in scope.
    const inScopeUserIds = new Set<string>();
    for (const user of currentListing()) {
      const i = Number(user.id.slice(1));
      if (i >= USERS || i % 500 !== 3) inScopeUserIds.add(user.id);
    }

    const plan = planDirectorySync({
      googleUsers: currentListing(),
      inScopeUserIds,
      dbUsers: [...locals, ...dbUsers],
      settings: settings({ autoDelete: true }),
    });

    expect(plan.counts).toEqual({
      creates: 999,
      updates: 1500,
      deletes: 1200,
      kept: 0,
      conflicts: 1,
      unchanged: USERS - 1000 - 1000 - 500 - 200,
      googleUsersInScope: USERS - 200,
      googleUsersOutOfScope: 200,
      directoryUsers: USERS,
      localUsers: 51,
    });
    expect(summarizePlan(plan).byReason).toEqual({
      NEW_IN_GOOGLE: 999,
      NAME_CHANGED: 1000,
      SUSPENDED: 500,
      DELETED_IN_GOOGLE: 1000,
      NOT_IN_SYNCED_GROUPS: 200,
      LOCAL_USER_EXISTS: 1,
    });
    expect(plan.conflicts[0]).toMatchObject({ googleUserId: `g${USERS + 7}`, existingUserId: 'clash' });
    expect(plan.deletes.find((item) => item.userId === 'db-g503')?.reason).toBe('NOT_IN_SYNCED_GROUPS');
    expect(plan.deletes.find((item) => item.userId === 'db-g501')?.reason).toBe('DELETED_IN_GOOGLE');
    expect(new Set(plan.creates.map((item) => item.privileges)).size).toBe(1);
  });
});
