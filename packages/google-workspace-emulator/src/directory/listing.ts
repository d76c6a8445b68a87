import type { DomainState } from '../domain/domain-state';
import type { TEmulatorContext } from '../emulator-context';
import { paramOf } from '../request-params';
import { parseFields, selectFields, type TFieldSelection } from './fields-filter';
import { apiErrors } from './google-api-error';
import { decodePageToken, encodePageToken, filterFingerprint, type TPageCursor } from './page-token';

export type TListingRequest = {
  listing: TPageCursor['listing'];
  size: number;
  isDescending: boolean;
  selection?: TFieldSelection;
  cursor?: TPageCursor;
  page: number;
  filter: string;
};

/**
 * The parameters every list method shares (maxResults, orderBy, sortOrder, fields, pageToken),
 * and the listing-break fault, which strikes before any item is read.
 */
export function openListing(
  deps: Pick<TEmulatorContext, 'faults'>,
  query: unknown,
  options: {
    listing: TPageCursor['listing'];
    defaultSize: number;
    maxSize: number;
    isOrdered: boolean;
    filterParts: readonly (string | undefined)[];
  },
): TListingRequest {
  const size = parseMaxResults(query, options.defaultSize, options.maxSize);
  if (options.isOrdered) parseOrderBy(query);
  const isDescending = options.isOrdered && parseSortOrder(query);
  const selection = parseFieldSelection(query);
  const filter = filterFingerprint([...options.filterParts, String(isDescending)]);
  const pageToken = paramOf(query, 'pageToken');
  const cursor = pageToken ? decodePageToken(pageToken, options.listing, filter) : undefined;
  const page = cursor?.page ?? 1;
  listingFailure(deps.faults.takeListingFailure(options.listing, page));
  return { listing: options.listing, size, isDescending, selection, cursor, page, filter };
}

/** A list response as Google shapes it: empty lists and the last page's token are left out. */
export function listingBody(
  request: TListingRequest,
  kind: string,
  field: string,
  items: unknown[],
  nextAfter: string | undefined,
): unknown {
  const body: Record<string, unknown> = { kind, etag: `"${request.filter}${request.page}"` };
  if (items.length > 0) body[field] = items;
  if (nextAfter !== undefined) {
    body.nextPageToken = encodePageToken({
      listing: request.listing,
      after: nextAfter,
      page: request.page + 1,
      filter: request.filter,
    });
  }
  return request.selection ? selectFields(body, request.selection) : body;
}

export function parseMaxResults(query: unknown, defaultSize: number, maxSize: number): number {
  const raw = paramOf(query, 'maxResults');
  if (raw === undefined) return defaultSize;
  if (!/^\d+$/.test(raw)) throw apiErrors.invalidInput('maxResults');
  const size = Number(raw);
  if (size < 1 || size > maxSize) throw apiErrors.outOfRange('maxResults', raw, maxSize);
  return size;
}

export function parseSortOrder(query: unknown): boolean {
  const raw = paramOf(query, 'sortOrder')?.toUpperCase();
  if (raw === undefined || raw === 'ASCENDING') return false;
  if (raw === 'DESCENDING') return true;
  throw apiErrors.invalidInput('sortOrder');
}

export function parseOrderBy(query: unknown): void {
  const raw = paramOf(query, 'orderBy');
  // Listings are kept sorted by email only; other orders would need another index per order.
  if (raw !== undefined && raw.toLowerCase() !== 'email')
    throw apiErrors.invalidInput(`orderBy=${raw} (emulator: email only)`);
}

export function parseFieldSelection(query: unknown): TFieldSelection | undefined {
  const raw = paramOf(query, 'fields');
  return raw === undefined || raw === '' ? undefined : parseFields(raw);
}

/**
 * `customer` (my_customer or the customer id) covers every domain; `domain` restricts to one.
 * Google refuses a listing with neither.
 */
export function parseScope(query: unknown, state: DomainState): { domain?: string } {
  const customer = paramOf(query, 'customer');
  const domain = paramOf(query, 'domain')?.toLowerCase();
  if (domain !== undefined) {
    if (!state.domains.includes(domain)) throw apiErrors.notAuthorized();
    return { domain };
  }
  if (customer === undefined) throw apiErrors.badRequest();
  if (customer !== 'my_customer' && customer !== state.customerId) throw apiErrors.badRequest();
  return {};
}

function listingFailure(status: 400 | 500 | 503 | undefined): void {
  if (status === undefined) return;
  throw status === 400 ? apiErrors.invalidInput() : apiErrors.backend(status);
}

export function domainOf(address: string): string {
  return address.slice(address.indexOf('@') + 1);
}
