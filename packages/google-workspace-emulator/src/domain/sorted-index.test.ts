import { describe, expect, it } from 'vitest';
import { SortedIndex } from './sorted-index';

describe('SortedIndex', () => {
  const keyOf = (item: { key: string }) => item.key;

  it('sorts its initial items and keeps order through inserts and removals', () => {
    const index = new SortedIndex(keyOf, [{ key: 'c' }, { key: 'a' }, { key: 'b' }]);
    const d = { key: 'd' };
    index.insert(d);
    index.insert({ key: 'aa' });
    expect(index.values().map(keyOf)).toEqual(['a', 'aa', 'b', 'c', 'd']);
    expect(index.remove(d)).toBe(true);
    expect(index.remove({ key: 'b' })).toBe(false);
    expect(index.values().map(keyOf)).toEqual(['a', 'aa', 'b', 'c']);
  });

  it('finds lower and upper bounds by binary search', () => {
    const index = new SortedIndex(
      keyOf,
      ['a', 'c', 'c', 'e'].map((key) => ({ key })),
    );
    expect(index.lowerBound('c')).toBe(1);
    expect(index.upperBound('c')).toBe(3);
    expect(index.lowerBound('b')).toBe(1);
    expect(index.upperBound('z')).toBe(4);
    expect(index.lowerBound('0')).toBe(0);
  });
});
