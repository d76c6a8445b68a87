import { describe, expect, it } from 'vitest';
import type { TFolderEntry, TMailMessage } from './mailbox.store';
import { indexesBySequence, indexesByUid, isSequenceSet, parseSequenceSet } from './sequence-set';

const entries = (uids: number[]): TFolderEntry[] => uids.map((uid) => ({ uid, message: {} as TMailMessage }));

describe('sequence sets', () => {
  it('resolves * to the largest number and orders reversed ranges', () => {
    expect(parseSequenceSet('1:*', 9)).toEqual([{ from: 1, to: 9 }]);
    expect(parseSequenceSet('12:*', 9)).toEqual([{ from: 9, to: 12 }]);
    expect(parseSequenceSet('5:3,7', 9)).toEqual([
      { from: 3, to: 5 },
      { from: 7, to: 7 },
    ]);
    expect(parseSequenceSet('0:3', 9)).toBeUndefined();
    expect(isSequenceSet('1,2:*')).toBe(true);
    expect(isSequenceSet('1 2')).toBe(false);
  });

  it('selects entries by UID through gaps, without repeats', () => {
    const folder = entries([2, 5, 6, 10, 11]);
    expect(indexesByUid(folder, parseSequenceSet('3:10', 11)!)).toEqual([1, 2, 3]);
    expect(indexesByUid(folder, parseSequenceSet('11,1:6,5', 11)!)).toEqual([0, 1, 2, 4]);
    expect(indexesByUid(folder, parseSequenceSet('20:*', 11)!)).toEqual([4]);
    expect(indexesByUid([], parseSequenceSet('1:*', 0) ?? [])).toEqual([]);
    expect(indexesBySequence(3, parseSequenceSet('2:*', 3)!)).toEqual([1, 2]);
  });
});
