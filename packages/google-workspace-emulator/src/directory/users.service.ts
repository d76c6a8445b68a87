import type { TUser } from '../domain/user.store';
import type { TEmulatorContext } from '../emulator-context';
import { paramOf } from '../request-params';
import { pageAfterKey } from './directory.page';
import { userJson } from './directory-json';
import { selectFields } from './fields-filter';
import { apiErrors } from './google-api-error';
import { domainOf, listingBody, openListing, parseFieldSelection, parseScope } from './listing';
import { parseUserQuery } from './user-query';

type TDeps = Pick<TEmulatorContext, 'state' | 'faults'>;

const byEmail = (user: TUser): string => user.primaryEmail;

/** users.list: 100 a page by default, at most 500, always in email order. */
export function listUsers(deps: TDeps, query: unknown): unknown {
  const { state } = deps;
  const { domain } = parseScope(query, state);
  const search = paramOf(query, 'query');
  const isDeletedListing = paramOf(query, 'showDeleted') === 'true';
  const request = openListing(deps, query, {
    listing: 'users',
    defaultSize: 100,
    maxSize: 500,
    isOrdered: true,
    filterParts: [domain, search, String(isDeletedListing)],
  });

  const matchesQuery = search ? parseUserQuery(search) : undefined;
  const accept =
    domain === undefined && matchesQuery === undefined
      ? undefined
      : (user: TUser) =>
          (domain === undefined || domainOf(user.primaryEmail) === domain) &&
          (matchesQuery === undefined || matchesQuery(user));
  const index = isDeletedListing ? state.users.deleted : state.users.active;
  const page = pageAfterKey(index, byEmail, {
    afterKey: request.cursor?.after,
    isDescending: request.isDescending,
    size: request.size,
    accept,
  });
  const users = page.items.map((user) => userJson(user, state.customerId));
  return listingBody(
    request,
    'admin#directory#users',
    'users',
    users,
    page.hasMore ? page.lastKey : undefined,
  );
}

/** users.get by id, primary email or alias; deleted users are not found, as in Google. */
export function getUser(deps: TDeps, userKey: string, query: unknown): unknown {
  const user = deps.state.users.find(userKey);
  if (!user) throw apiErrors.notFound('userKey');
  const selection = parseFieldSelection(query);
  const body = userJson(user, deps.state.customerId);
  return selection ? selectFields(body, selection) : body;
}
