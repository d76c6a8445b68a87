import type { TDirectoryMember, TGroupExpansion } from './directory.types';

export type TListMembers = (groupKey: string) => AsyncIterable<TDirectoryMember>;

export type TExpandGroupsOptions = {
  /**
   * The Workspace's domains (primary and secondary). Google lists a member from outside as type USER
   * with an id, so the domain of its address is the only tell. Defaults to the admin user's domain
   * plus the domains of every group visited, which misses a secondary domain that has no groups.
   */
  domains?: readonly string[];
};

/**
 * Breadth-first walk through nested groups. Each group is listed once even when groups contain each
 * other (Google allows cycles), and once whether it is reached by id, address or both.
 */
export async function expandGroups(
  listMembers: TListMembers,
  groupKeys: readonly string[],
  defaultDomains: readonly string[],
  opts: TExpandGroupsOptions = {},
): Promise<TGroupExpansion> {
  const seen = new Set<string>();
  const queue: string[] = [];
  const enqueue = (...keys: (string | null)[]) => {
    const known = keys.filter((key): key is string => key !== null).map((key) => key.toLowerCase());
    if (known.length === 0 || known.some((key) => seen.has(key))) return;
    for (const key of known) seen.add(key);
    queue.push(known[0]!);
  };
  for (const key of groupKeys) enqueue(key);

  const domains = new Set((opts.domains ?? defaultDomains).map((domain) => domain.toLowerCase()));
  const isDefaultDomains = opts.domains === undefined;
  for (const key of groupKeys) if (isDefaultDomains && key.includes('@')) domains.add(domainOf(key));

  const userMembers: TDirectoryMember[] = [];
  let includesWholeCustomer = false;
  let groupsVisited = 0;
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    groupsVisited += 1;
    for await (const member of listMembers(next)) {
      if (member.type === 'GROUP') {
        if (isDefaultDomains && member.email) domains.add(domainOf(member.email));
        enqueue(member.id, member.email);
      } else if (member.type === 'CUSTOMER') {
        includesWholeCustomer = true;
      } else {
        userMembers.push(member);
      }
    }
  }

  const userIds = new Set<string>();
  const externalEmails = new Set<string>();
  for (const member of userMembers) {
    const isInside = member.type === 'USER' && (member.email === null || domains.has(domainOf(member.email)));
    if (isInside && member.id) userIds.add(member.id);
    else if (member.email) externalEmails.add(member.email);
  }
  return { userIds, externalEmails: [...externalEmails].sort(), groupsVisited, includesWholeCustomer };
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
