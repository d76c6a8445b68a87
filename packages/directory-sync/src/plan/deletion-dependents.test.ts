import { describe, expect, it } from 'vitest';
import { splitByDeletions } from './deletion-dependents';
import { planDirectorySync } from './directory-sync.planner';
import { googleUser, syncedDbUser } from './plan.fixtures';

const settings = { autoDelete: true, defaultPrivileges: ['login'] };

describe('splitByDeletions', () => {
  it('holds a new hire taking a leaver’s address, and a create taking a name a held rename would free', () => {
    const leaver = googleUser('g-old', 'alice@example.com');
    const renamed = googleUser('g-bob', 'bob@example.com');
    const unrelated = googleUser('g-carol', 'carol@example.com');
    const plan = planDirectorySync({
      googleUsers: [
        googleUser('g-new', 'alice@example.com'),
        // Bob takes the name "alice2", which a second leaver frees; Dave takes bob's old name.
        googleUser('g-bob', 'alice2@example.com'),
        googleUser('g-dave', 'bob@example.com'),
        unrelated,
        googleUser('g-erin', 'erin@example.com'),
      ],
      dbUsers: [
        syncedDbUser(leaver),
        syncedDbUser(googleUser('g-old2', 'alice2@example.com')),
        syncedDbUser(renamed),
        syncedDbUser(unrelated, { fullName: 'Old name' }),
      ],
      settings,
    });
    expect(plan.conflicts).toEqual([]);
    const split = splitByDeletions(plan, new Set(plan.deletes.map((item) => item.userId)));
    expect(split.heldCreates.map((item) => item.googleUserId).sort()).toEqual(['g-dave', 'g-new']);
    expect(split.heldUpdates.map((item) => item.googleUserId)).toEqual(['g-bob']);
    expect(split.creates.map((item) => item.googleUserId)).toEqual(['g-erin']);
    expect(split.updates.map((item) => item.googleUserId)).toEqual(['g-carol']);
    expect(split.waitsFor.get(split.heldCreates.find((item) => item.googleUserId === 'g-dave')!)).toBe(
      'db-g-old2',
    );
  });

  it('holds nothing when the deletions go ahead', () => {
    const plan = planDirectorySync({
      googleUsers: [googleUser('g-new', 'alice@example.com')],
      dbUsers: [syncedDbUser(googleUser('g-old', 'alice@example.com'))],
      settings,
    });
    const split = splitByDeletions(plan, new Set());
    expect(split.creates).toHaveLength(1);
    expect(split.heldCreates).toEqual([]);
  });
});
