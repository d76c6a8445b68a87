import { lowerBoundUid, type TFolderEntry } from './mailbox.store';

export type TRange = { from: number; to: number };

/**
 * `1,3:5,9:*` resolved against the largest number in use (`*`). Per RFC 3501 `n:*` with n above the
 * largest still means largest:n, so `UID FETCH 10:*` on a folder whose last UID is 5 returns UID 5.
 */
export function parseSequenceSet(text: string, largest: number): TRange[] | undefined {
  const ranges: TRange[] = [];
  for (const item of text.split(',')) {
    const [first, second, extra] = item.split(':');
    if (extra !== undefined) return undefined;
    const from = resolve(first, largest);
    const to = second === undefined ? from : resolve(second, largest);
    if (from === undefined || to === undefined) return undefined;
    ranges.push({ from: Math.min(from, to), to: Math.max(from, to) });
  }
  return ranges;
}

function resolve(value: string | undefined, largest: number): number | undefined {
  if (value === '*') return largest;
  if (!value || !/^[1-9]\d*$/.test(value)) return undefined;
  return Number(value);
}

export function isSequenceSet(text: string): boolean {
  return /^(\d+|\*)(:(\d+|\*))?(,(\d+|\*)(:(\d+|\*))?)*$/.test(text);
}

/** Indexes into `entries` (ascending UIDs) selected by UID ranges, ascending and without repeats. */
export function indexesByUid(entries: readonly TFolderEntry[], ranges: readonly TRange[]): number[] {
  const indexes: number[] = [];
  for (const range of ranges) {
    for (let index = lowerBoundUid(entries, range.from); index < entries.length; index++) {
      if (entries[index]!.uid > range.to) break;
      indexes.push(index);
    }
  }
  return ranges.length > 1 ? [...new Set(indexes)].sort((a, b) => a - b) : indexes;
}

/** Indexes selected by message sequence numbers (1-based positions). */
export function indexesBySequence(count: number, ranges: readonly TRange[]): number[] {
  const indexes: number[] = [];
  for (const range of ranges) {
    for (let seq = range.from; seq <= Math.min(range.to, count); seq++) indexes.push(seq - 1);
  }
  return ranges.length > 1 ? [...new Set(indexes)].sort((a, b) => a - b) : indexes;
}
