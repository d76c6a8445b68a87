import { describe, expect, it } from 'vitest';
import { planDirectorySync } from './directory-sync.planner';
import { googleUser, localDbUser, settings, syncedDbUser } from './plan.fixtures';
import { summarizePlan } from './plan-summary';

describe('summarizePlan', () => {
  it('counts items by kind and by reason', () => {
    const same = googleUser('g-same', 'same@example.com');
    const renamed = googleUser('g-ren', 'ren@example.com');
    const gone = googleUser('g-gone', 'gone@example.com');
    const plan = planDirectorySync({
      googleUsers: [
        same,
        { ...renamed, fullName: 'New Name', isSuspended: true },
        googleUser('g-new', 'new@example.com'),
        googleUser('g-loc', 'local@example.com'),
      ],
      dbUsers: [
        syncedDbUser(same),
        syncedDbUser(renamed),
        syncedDbUser(gone),
        localDbUser('l', 'local@example.com'),
      ],
      settings: settings({ autoDelete: true }),
    });
    expect(summarizePlan(plan)).toEqual({
      byKind: { create: 1, update: 1, delete: 1, keep: 0, conflict: 1, unchanged: 1 },
      byReason: {
        NEW_IN_GOOGLE: 1,
        NAME_CHANGED: 1,
        SUSPENDED: 1,
        DELETED_IN_GOOGLE: 1,
        LOCAL_USER_EXISTS: 1,
      },
      totalChanges: 3,
    });
  });

  it('summarizes an empty plan as zeros', () => {
    const plan = planDirectorySync({ googleUsers: [], dbUsers: [], settings: settings() });
    expect(summarizePlan(plan)).toEqual({
      byKind: { create: 0, update: 0, delete: 0, keep: 0, conflict: 0, unchanged: 0 },
      byReason: {},
      totalChanges: 0,
    });
  });
});
