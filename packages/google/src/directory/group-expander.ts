import type { TDirectoryMember, TGroupExpansion } from './directory.types';

export type TListMembers = (groupKey: string) => AsyncIterable<TDirectoryMember>;

/** Whether the address belongs to a user of this Workspace account. */
export type TUserProbe = (email: string) => Promise<boolean>;

export type TExpandGroupsOptions = {
  /**
   * The account's domains (primary and secondary), when the caller knows them, e.g. from a users
   * listing. Google lists a member from outside as type USER with an id, so the domain of its
   * address is the only tell.
   */
  domains?: readonly string[];
};

export type TExpandGroupsDeps = {
  listMembers: TListMembers;
  /** Domains known to be the account's even without `domains`: the admin's and the groups' own. */
  knownDomains: readonly string[];
  /** Asked once per unknown domain: members of one domain are either all the account's or none. */
  probe: TUserProbe;
};

/**
 * Breadth-first walk through nested groups. Each group is listed once even when groups contain each
 * other (Google allows cycles), and once whether it is reached by id, address or both.
 */
export async function expandGroups(
  deps: TExpandGroupsDeps,
  groupKeys: readonly string[],
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

  const isInside = domainClassifier(deps, opts, groupKeys);
  const userMembers: TDirectoryMember[] = [];
  let includesWholeCustomer = false;
  let groupsVisited = 0;
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    groupsVisited += 1;
    for await (const member of deps.listMembers(next)) {
      if (member.type === 'GROUP') {
        if (member.email) isInside.learn(member.email);
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
    const isOurs = member.type === 'USER' && (member.email === null || (await isInside.test(member.email)));
    if (isOurs && member.id) userIds.add(member.id);
    else if (member.email) externalEmails.add(member.email);
  }
  return { userIds, externalEmails: [...externalEmails].sort(), groupsVisited, includesWholeCustomer };
}

function domainClassifier(deps: TExpandGroupsDeps, opts: TExpandGroupsOptions, groupKeys: readonly string[]) {
  const given = opts.domains ? new Set(opts.domains.map((domain) => domain.toLowerCase())) : null;
  const verdicts = new Map<string, Promise<boolean>>();
  const learn = (email: string) => verdicts.set(domainOf(email), Promise.resolve(true));
  for (const domain of deps.knownDomains) verdicts.set(domain.toLowerCase(), Promise.resolve(true));
  for (const key of groupKeys) if (key.includes('@')) learn(key);
  return {
    learn,
    test(email: string): Promise<boolean> {
      const domain = domainOf(email);
      if (given) return Promise.resolve(given.has(domain));
      let verdict = verdicts.get(domain);
      if (!verdict) {
        verdict = deps.probe(email);
        verdicts.set(domain, verdict);
      }
      return verdict;
    },
  };
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
