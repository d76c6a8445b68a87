import { describe, expect, it } from 'vitest';
import { parsePageParam, summarizePage } from './pagination';

describe('summarizePage', () => {
  it('describes a middle page', () => {
    expect(summarizePage({ page: 2, pageSize: 25, total: 60 })).toEqual({
      page: 2,
      pageCount: 3,
      firstItem: 26,
      lastItem: 50,
      hasPrevious: true,
      hasNext: true,
    });
  });

  it('ends the last page at the total', () => {
    expect(summarizePage({ page: 3, pageSize: 25, total: 60 })).toMatchObject({
      firstItem: 51,
      lastItem: 60,
      hasNext: false,
    });
  });

  it('treats an empty list as one page with nothing on it', () => {
    expect(summarizePage({ page: 1, pageSize: 25, total: 0 })).toMatchObject({
      pageCount: 1,
      firstItem: 0,
      lastItem: 0,
      hasPrevious: false,
      hasNext: false,
    });
  });

  it('clamps a page past the end to the last page', () => {
    expect(summarizePage({ page: 9, pageSize: 10, total: 15 })).toMatchObject({ page: 2, firstItem: 11 });
  });
});

describe('parsePageParam', () => {
  it.each([
    [null, 1],
    ['', 1],
    ['0', 1],
    ['-3', 1],
    ['2.5', 1],
    ['abc', 1],
    ['4', 4],
  ])('reads %j as page %i', (value, page) => {
    expect(parsePageParam(value)).toBe(page);
  });
});
