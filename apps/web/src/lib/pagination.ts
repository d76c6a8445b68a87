export type TPageSummary = {
  page: number;
  pageCount: number;
  firstItem: number;
  lastItem: number;
  hasPrevious: boolean;
  hasNext: boolean;
};

export function summarizePage(input: { page: number; pageSize: number; total: number }): TPageSummary {
  const pageCount = Math.max(1, Math.ceil(input.total / input.pageSize));
  const page = Math.min(Math.max(1, input.page), pageCount);
  const firstItem = input.total === 0 ? 0 : (page - 1) * input.pageSize + 1;
  const lastItem = Math.min(page * input.pageSize, input.total);
  return { page, pageCount, firstItem, lastItem, hasPrevious: page > 1, hasNext: page < pageCount };
}

/** Reads a 1-based page number from the URL, treating anything odd as the first page. */
export function parsePageParam(value: string | null): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 ? page : 1;
}
