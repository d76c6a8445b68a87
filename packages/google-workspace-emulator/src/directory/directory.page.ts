import type { SortedIndex } from '../domain/sorted-index';

export type TPage<T> = { items: T[]; lastKey?: string; hasMore: boolean };

/**
 * One page from a sorted index, resuming strictly after `afterKey`. Unfiltered pages cost
 * O(log n + size); a filter scans only until the page is full plus one more match.
 */
export function pageAfterKey<T>(
  index: SortedIndex<T>,
  keyOf: (item: T) => string,
  options: { afterKey?: string; isDescending: boolean; size: number; accept?: (item: T) => boolean },
): TPage<T> {
  const { afterKey, isDescending, size, accept } = options;
  const step = isDescending ? -1 : 1;
  let position: number;
  if (afterKey === undefined) position = isDescending ? index.length - 1 : 0;
  else position = isDescending ? index.lowerBound(afterKey) - 1 : index.upperBound(afterKey);

  const items: T[] = [];
  for (; position >= 0 && position < index.length; position += step) {
    const item = index.at(position)!;
    if (accept && !accept(item)) continue;
    if (items.length === size) return { items, lastKey: keyOf(items[items.length - 1]!), hasMore: true };
    items.push(item);
  }
  return { items, hasMore: false };
}
