import { describe, expect, it } from 'vitest';
import type { TUpdate } from './plan.types';
import { orderRenames } from './rename.order';

function rename(userId: string, from: string, to: string): TUpdate {
  return {
    kind: 'update',
    userId,
    googleUserId: `g-${userId}`,
    userName: to,
    reason: 'NAME_CHANGED',
    reasons: ['NAME_CHANGED'],
    reasonText: '',
    changes: [{ field: 'userName', from, to, reason: 'NAME_CHANGED' }],
    patch: { userName: to },
  };
}

function suspend(userId: string): TUpdate {
  return {
    ...rename(userId, '', ''),
    reason: 'SUSPENDED',
    reasons: ['SUSPENDED'],
    changes: [{ field: 'isSuspended', from: false, to: true, reason: 'SUSPENDED' }],
    patch: { isSuspended: true },
  };
}

const ids = (updates: TUpdate[]) => updates.map((update) => update.userId);

describe('orderRenames', () => {
  it('keeps the order when no rename takes a name another one frees', () => {
    const updates = [rename('a', 'a@x', 'a2@x'), suspend('s'), rename('b', 'b@x', 'b2@x')];
    expect(ids(orderRenames(updates))).toEqual(['a', 's', 'b']);
  });

  it('puts the rename that frees a name before the one that takes it, along a whole chain', () => {
    const updates = [
      rename('a', 'a@x', 'b@x'),
      suspend('s'),
      rename('b', 'b@x', 'c@x'),
      rename('c', 'c@x', 'd@x'),
    ];
    expect(ids(orderRenames(updates))).toEqual(['c', 'b', 'a', 's']);
  });

  it('returns every update of a swap exactly once', () => {
    const updates = [rename('a', 'a@x', 'b@x'), rename('b', 'b@x', 'a@x'), suspend('s')];
    const ordered = orderRenames(updates);
    expect(ordered).toHaveLength(3);
    expect(new Set(ids(ordered))).toEqual(new Set(['a', 'b', 's']));
  });

  it('ignores a change of case only, which frees no name for anyone else', () => {
    const updates = [rename('a', 'A@x', 'a@x'), rename('b', 'b@x', 'c@x')];
    expect(ids(orderRenames(updates))).toEqual(['a', 'b']);
  });
});
