import { DirectoryError } from './directory.error';

export type TListingKind = 'users' | 'groups' | 'members';

export type TListingProgress = { kind: TListingKind; pages: number; items: number };

export type TPage<T> = { items: T[]; nextPageToken: string | null };

export type TPaginateOptions<T> = {
  kind: TListingKind;
  /** Names the listing in messages, e.g. "members of sales@example.com". */
  label: string;
  fetchPage: (pageToken: string | null, pageNumber: number) => Promise<TPage<T>>;
  onProgress?: (progress: TListingProgress) => void;
};

/**
 * The one paging loop every Directory listing goes through. Items are yielded as each page arrives,
 * so a caller streaming 100,000 users holds one page in memory, not the whole domain.
 */
export async function* paginate<T>(opts: TPaginateOptions<T>): AsyncGenerator<T, void, undefined> {
  let pageToken: string | null = null;
  let pages = 0;
  let items = 0;
  do {
    const page: TPage<T> = await fetchPageOrExplain(opts, pageToken, pages + 1, items);
    pages += 1;
    items += page.items.length;
    opts.onProgress?.({ kind: opts.kind, pages, items });
    yield* page.items;
    pageToken = page.nextPageToken;
  } while (pageToken !== null);
}

async function fetchPageOrExplain<T>(
  opts: TPaginateOptions<T>,
  pageToken: string | null,
  pageNumber: number,
  itemsRead: number,
): Promise<TPage<T>> {
  try {
    return await opts.fetchPage(pageToken, pageNumber);
  } catch (error) {
    // A first page that fails is a plain failure; a later one means the caller already saw part of
    // the listing and must not mistake it for the whole directory.
    if (pageNumber === 1 || !(error instanceof DirectoryError)) throw error;
    throw new DirectoryError(
      'LISTING_INCOMPLETE',
      `Listing ${opts.label} stopped at page ${pageNumber} after ${itemsRead} had been read: ${error.message} ` +
        'The listing is incomplete, so nothing was changed. Run it again later.',
      { ...error.details, listing: opts.label, page: pageNumber, itemsRead },
      { cause: error },
    );
  }
}
