import { numericIdFrom } from '../domain/google-ids';
import type { TGroup, TMember } from '../domain/group.store';
import type { TEmulatorContext } from '../emulator-context';
import { paramOf } from '../request-params';
import { pageAfterKey } from './directory.page';
import { groupJson, memberJson } from './directory-json';
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
import { matchesText, parseSearchTerms } from './search-terms';

type TDeps = Pick<TEmulatorContext, 'state' | 'faults'>;

const byEmail = (group: TGroup): string => group.email;

/** groups.list: for the customer, one domain, or the groups a user (`userKey`) directly belongs to. */
export function listGroups(deps: TDeps, query: unknown): unknown {
  const { state } = deps;
  const userKey = paramOf(query, 'userKey');
  const { domain } = userKey === undefined ? parseScope(query, state) : { domain: undefined };
  const size = parseMaxResults(query, 200, 200);
  parseOrderBy(query);
  const isDescending = parseSortOrder(query);
  const selection = parseFieldSelection(query);
  const search = paramOf(query, 'query');
  const filter = filterFingerprint([domain, userKey, search, String(isDescending)]);
  const pageToken = paramOf(query, 'pageToken');
  const cursor = pageToken ? decodePageToken(pageToken, 'groups', filter) : undefined;
  const page = cursor?.page ?? 1;
  listingFailure(deps.faults.takeListingFailure('groups', page));

  const memberId = userKey === undefined ? undefined : resolveMemberId(deps, userKey);
  const matchesQuery = search ? parseGroupQuery(search) : undefined;
  const accept = (group: TGroup) =>
    (domain === undefined || domainOf(group.email) === domain) &&
    (memberId === undefined || group.members.some((member) => member.id === memberId)) &&
    (matchesQuery === undefined || matchesQuery(group));
  const result = pageAfterKey(state.groups.sorted, byEmail, {
    afterKey: cursor?.after,
    isDescending,
    size,
    accept,
  });

  const body: Record<string, unknown> = { kind: 'admin#directory#groups', etag: `"${filter}${page}"` };
  if (result.items.length > 0) body.groups = result.items.map(groupJson);
  if (result.hasMore && result.lastKey !== undefined) {
    body.nextPageToken = encodePageToken({
      listing: 'groups',
      after: result.lastKey,
      page: page + 1,
      filter,
    });
  }
  return selection ? selectFields(body, selection) : body;
}

export function getGroup(deps: TDeps, groupKey: string, query: unknown): unknown {
  const group = deps.state.groups.find(groupKey);
  if (!group) throw apiErrors.notFound('groupKey');
  const selection = parseFieldSelection(query);
  const body = groupJson(group);
  return selection ? selectFields(body, selection) : body;
}

/** members.list, optionally with the members of nested groups (`includeDerivedMembership=true`). */
export function listMembers(deps: TDeps, groupKey: string, query: unknown): unknown {
  const { state } = deps;
  const group = state.groups.find(groupKey);
  if (!group) throw apiErrors.notFound('groupKey');
  const size = parseMaxResults(query, 200, 200);
  const selection = parseFieldSelection(query);
  const roles = parseRoles(paramOf(query, 'roles'));
  const isDerived = paramOf(query, 'includeDerivedMembership') === 'true';
  const filter = filterFingerprint([group.id, roles?.join(','), String(isDerived)]);
  const pageToken = paramOf(query, 'pageToken');
  const cursor = pageToken ? decodePageToken(pageToken, 'members', filter) : undefined;
  const page = cursor?.page ?? 1;
  listingFailure(deps.faults.takeListingFailure('members', page));

  let members = isDerived ? withDerivedMembers(deps, group) : group.members;
  if (roles) members = members.filter((member) => roles.includes(member.role));
  // Member lists are short next to user lists, so an offset cursor is enough here.
  const offset = cursor ? Number(cursor.after) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw apiErrors.invalidInput();
  const slice = members.slice(offset, offset + size);

  const body: Record<string, unknown> = { kind: 'admin#directory#members', etag: `"${filter}${page}"` };
  if (slice.length > 0) body.members = slice.map((member) => memberJson(member, state));
  if (offset + size < members.length) {
    body.nextPageToken = encodePageToken({
      listing: 'members',
      after: String(offset + size),
      page: page + 1,
      filter,
    });
  }
  return selection ? selectFields(body, selection) : body;
}

function withDerivedMembers(deps: TDeps, root: TGroup): TMember[] {
  const seen = new Set(root.members.map((member) => member.id));
  const visited = new Set([root.id]);
  const result = [...root.members];
  const pending = root.members.filter((member) => member.type === 'GROUP');
  while (pending.length > 0) {
    const nested = deps.state.groups.find(pending.pop()!.id);
    if (!nested || visited.has(nested.id)) continue;
    visited.add(nested.id);
    for (const member of nested.members) {
      if (member.type === 'GROUP') pending.push(member);
      else if (!seen.has(member.id)) {
        seen.add(member.id);
        result.push(member);
      }
    }
  }
  return result;
}

function parseRoles(raw: string | undefined): TMember['role'][] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const roles = raw.split(',').map((role) => role.trim().toUpperCase());
  for (const role of roles) {
    if (role !== 'OWNER' && role !== 'MANAGER' && role !== 'MEMBER') throw apiErrors.invalidInput('roles');
  }
  return roles as TMember['role'][];
}

function resolveMemberId(deps: TDeps, userKey: string): string {
  const user = deps.state.users.find(userKey);
  if (user) return user.id;
  return /^\d+$/.test(userKey) ? userKey : numericIdFrom(`external:${userKey.toLowerCase()}`);
}

function parseGroupQuery(query: string): (group: TGroup) => boolean {
  const predicates = parseSearchTerms(query).map((term): ((group: TGroup) => boolean) => {
    const { field, operator, value } = term;
    if (operator === undefined) throw apiErrors.invalidInput(query);
    if (field === 'email') {
      return (group) =>
        [group.email, ...group.aliases].some((address) => matchesText(address, operator, value));
    }
    if (field === 'name') return (group) => matchesText(group.name, operator, value);
    throw apiErrors.invalidInput(query);
  });
  return (group) => predicates.every((predicate) => predicate(group));
}
