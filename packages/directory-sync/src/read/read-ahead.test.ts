import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead';

/** Pages of numbers, each awaited like a network round trip; records which pages were asked for. */
function pagedSource(pages: number[][], failAfterPage?: number) {
  const requested: number[] = [];
  let isClosed = false;
  async function* listing(): AsyncGenerator<number> {
    try {
      for (let page = 0; page < pages.length; page++) {
        requested.push(page);
        await tick();
        if (failAfterPage !== undefined && page > failAfterPage) throw new Error(`page ${page} failed`);
        yield* pages[page]!;
      }
    } finally {
      isClosed = true;
    }
  }
  return { listing, requested, isClosed: () => isClosed };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('readAhead', () => {
  it('hands out every item in order', async () => {
    const source = pagedSource([[1, 2, 3], [4, 5], [], [6]]);
    expect(await collect(readAhead(source.listing(), 4))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(source.requested).toEqual([0, 1, 2, 3]);
  });

  it('asks for the next page before the caller has finished the current one', async () => {
    // Pages arrive only when the test lets them: the order of requests is then exact.
    const requested: number[] = [];
    const arrivals: (() => void)[] = [];
    async function* listing(): AsyncGenerator<number> {
      for (let page = 0; page < 3; page++) {
        requested.push(page);
        await new Promise<void>((resolve) => arrivals.push(resolve));
        yield* [page * 3 + 1, page * 3 + 2, page * 3 + 3];
      }
    }
    const items = readAhead(listing(), 6);
    await tick();
    // Nobody has asked for an item yet, and the first page is already requested.
    expect(requested).toEqual([0]);
    arrivals[0]!();
    expect(await items.next()).toEqual({ done: false, value: 1 });
    await tick();
    // The caller holds page 0 and page 1 is on its way.
    expect(requested).toEqual([0, 1]);
    arrivals[1]!();
    await tick();
    expect(requested).toEqual([0, 1, 2]);
    arrivals[2]!();
    expect(await collect(items)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('never holds more than the limit ahead of the caller', async () => {
    const source = pagedSource([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    const items = readAhead(source.listing(), 3);
    for (let i = 0; i < 10; i++) await tick();
    expect(source.requested).toEqual([0, 1]);
    expect(await collect(items)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('delivers the items read before a failure, then the failure', async () => {
    const source = pagedSource([[1, 2], [3], [4]], 1);
    const seen: number[] = [];
    await expect(async () => {
      for await (const item of readAhead(source.listing(), 10)) seen.push(item);
    }).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('closes the listing when the caller stops early, even before the first item', async () => {
    const early = pagedSource([
      [1, 2],
      [3, 4],
    ]);
    for await (const item of readAhead(early.listing(), 10)) {
      if (item === 1) break;
    }
    expect(early.isClosed()).toBe(true);

    const unread = pagedSource([
      [1, 2],
      [3, 4],
    ]);
    const items = readAhead(unread.listing(), 10);
    await items.return();
    expect(unread.isClosed()).toBe(true);
  });
});
