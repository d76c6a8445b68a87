import { numericIdFrom } from '../domain/google-ids';
import type { TGroup, TMember } from '../domain/group.store';
import type { TEmulatorContext } from '../emulator-context';
import { paramOf } from '../request-params';
import { pageAfterKey } from './directory.page';
import { groupJson, memberJson } from './directory-json';
import { selectFields } from './fields-filter';
import { apiErrors } from './google-api-error';
import { domainOf, listingBody, openListing, parseFieldSelection, parseScope } from './listing';
import { matchesText, parseSearchTerms } from './search-terms';

type TDeps = Pick<TEmulatorContext, 'state' | 'faults'>;

const byEmail = (group: TGroup): string => group.email;

/** groups.list: for the customer, one domain, or the groups a user (`userKey`) directly belongs to. */
export function listGroups(deps: TDeps, query: unknown): unknown {
  const { state } = deps;
  const userKey = paramOf(query, 'userKey');
  const { domain } = userKey === undefined ? parseScope(query, state) : { domain: undefined };
  const search = paramOf(query, 'query');
  const request = openListing(deps, query, {
    listing: 'groups',
    defaultSize: 200,
    maxSize: 200,
    isOrdered: true,
    filterParts: [domain, userKey, search],
  });

  const memberId = userKey === undefined ? undefined : resolveMemberId(deps, userKey);
  const matchesQuery = search ? parseGroupQuery(search) : undefined;
  const accept = (group: TGroup) =>
    (domain === undefined || domainOf(group.email) === domain) &&
    (memberId === undefined || group.members.some((member) => member.id === memberId)) &&
    (matchesQuery === undefined || matchesQuery(group));
  const page = pageAfterKey(state.groups.sorted, byEmail, {
    afterKey: request.cursor?.after,
    isDescending: request.isDescending,
    size: request.size,
    accept,
  });
  const groups = page.items.map(groupJson);
  return listingBody(
    request,
    'admin#directory#groups',
    'groups',
    groups,
    page.hasMore ? page.lastKey : undefined,
  );
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
  const roles = parseRoles(paramOf(query, 'roles'));
  const isDerived = paramOf(query, 'includeDerivedMembership') === 'true';
  const request = openListing(deps, query, {
    listing: 'members',
    defaultSize: 200,
    maxSize: 200,
    isOrdered: false,
    filterParts: [group.id, roles?.join(','), String(isDerived)],
  });

  let members = isDerived ? withDerivedMembers(deps, group) : group.members;
  if (roles) members = members.filter((member) => roles.includes(member.role));
  // Member lists are short next to user lists, so an offset cursor is enough here.
  const offset = request.cursor ? Number(request.cursor.after) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw apiErrors.invalidInput();
  const slice = members.slice(offset, offset + request.size).map((member) => memberJson(member, state));
  const end = offset + request.size;
  return listingBody(
    request,
    'admin#directory#members',
    'members',
    slice,
    end < members.length ? String(end) : undefined,
  );
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
