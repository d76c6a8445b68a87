import type { DomainState } from '../domain/domain-state';
import { paramOf } from '../request-params';
import { parseFields, type TFieldSelection } from './fields-filter';
import { apiErrors } from './google-api-error';

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

export function listingFailure(status: 400 | 500 | 503 | undefined): void {
  if (status === undefined) return;
  throw status === 400 ? apiErrors.invalidInput() : apiErrors.backend(status);
}

export function domainOf(address: string): string {
  return address.slice(address.indexOf('@') + 1);
}
