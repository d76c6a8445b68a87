import type { TUser } from '../domain/user.store';
import type { TEmulatorContext } from '../emulator-context';
import { paramOf } from '../request-params';
import { pageAfterKey } from './directory.page';
import { userJson } from './directory-json';
import { selectFields } from './fields-filter';
import { apiErrors } from './google-api-error';
import {
  domainOf,
  listingFailure,
  parseFieldSelection,
  parseMaxResults,
  parseOrderBy,
  parseScope,
  parseSortOrder,
} from './list-params';
import { decodePageToken, encodePageToken, filterFingerprint } from './page-token';
import { parseUserQuery } from './user-query';

type TDeps = Pick<TEmulatorContext, 'state' | 'faults'>;

const byEmail = (user: TUser): string => user.primaryEmail;

/** users.list: 100 a page by default, at most 500, always in email order. */
export function listUsers(deps: TDeps, query: unknown): unknown {
  const { state } = deps;
  const { domain } = parseScope(query, state);
  const size = parseMaxResults(query, 100, 500);
  parseOrderBy(query);
  const isDescending = parseSortOrder(query);
  const selection = parseFieldSelection(query);
  const search = paramOf(query, 'query');
  const isDeletedListing = paramOf(query, 'showDeleted') === 'true';
  const filter = filterFingerprint([domain, search, String(isDeletedListing), String(isDescending)]);
  const pageToken = paramOf(query, 'pageToken');
  const cursor = pageToken ? decodePageToken(pageToken, 'users', filter) : undefined;
  const page = cursor?.page ?? 1;
  listingFailure(deps.faults.takeListingFailure('users', page));

  const matchesQuery = search ? parseUserQuery(search) : undefined;
  const accept =
    domain === undefined && matchesQuery === undefined
      ? undefined
      : (user: TUser) =>
          (domain === undefined || domainOf(user.primaryEmail) === domain) &&
          (matchesQuery === undefined || matchesQuery(user));
  const index = isDeletedListing ? state.users.deleted : state.users.active;
  const result = pageAfterKey(index, byEmail, { afterKey: cursor?.after, isDescending, size, accept });

  const body: Record<string, unknown> = {
    kind: 'admin#directory#users',
    etag: `"${filter}${page}"`,
  };
  if (result.items.length > 0) body.users = result.items.map((user) => userJson(user, state.customerId));
  if (result.hasMore && result.lastKey !== undefined) {
    body.nextPageToken = encodePageToken({ listing: 'users', after: result.lastKey, page: page + 1, filter });
  }
  return selection ? selectFields(body, selection) : body;
}

/** users.get by id, primary email or alias; deleted users are not found, as in Google. */
export function getUser(deps: TDeps, userKey: string, query: unknown): unknown {
  const user = deps.state.users.find(userKey);
  if (!user) throw apiErrors.notFound('userKey');
  const selection = parseFieldSelection(query);
  const body = userJson(user, deps.state.customerId);
  return selection ? selectFields(body, selection) : body;
}
