import type { TDirectoryMember, TGroupExpansion } from './directory.types';
import type { TRateLimiter } from './token-bucket.limiter';

export type TListMembers = (
  groupKey: string,
  opts?: { limiter?: TRateLimiter },
) => AsyncIterable<TDirectoryMember>;

/** Whether the address belongs to a user of this Workspace account. */
export type TUserProbe = (email: string) => Promise<boolean>;

export type TExpandGroupsOptions = {
  /**
   * The account's domains (primary and secondary), when the caller knows them, e.g. from a users
   * listing. Google lists a member from outside as type USER with an id, so the domain of its
   * address is the only tell.
   */
  domains?: readonly string[];
  /**
   * Groups listed at once (default 1: one after another). The result is the same either way; each
   * group is still listed once.
   */
  concurrency?: number;
  /** Shared by the member listings run at once (every attempt), to keep them to a share of the quota. */
  limiter?: TRateLimiter;
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
  // Every key a group is known by (id, address) -> the one key it is listed under.
  const canonical = new Map<string, string>();
  const queue: string[] = [];
  const enqueue = (...keys: (string | null)[]): string | undefined => {
    const known = keys.filter((key): key is string => key !== null).map((key) => key.toLowerCase());
    const listedAs = known.map((key) => canonical.get(key)).find((key) => key !== undefined);
    if (listedAs !== undefined || known.length === 0) {
      for (const key of known) if (listedAs !== undefined) canonical.set(key, listedAs);
      return listedAs;
    }
    for (const key of known) canonical.set(key, known[0]!);
    queue.push(known[0]!);
    return known[0];
  };
  for (const key of groupKeys) enqueue(key);
  // Which groups hold a CUSTOMER member directly, and which groups each one contains.
  const holdsCustomer = new Set<string>();
  const children = new Map<string, string[]>();

  const isInside = domainClassifier(deps, opts, groupKeys);
  const userMembers: TDirectoryMember[] = [];
  let includesWholeCustomer = false;
  let groupsVisited = 0;
  const listOpts = opts.limiter ? { limiter: opts.limiter } : {};
  const visit = async (next: string): Promise<void> => {
    groupsVisited += 1;
    const nested: string[] = [];
    children.set(next, nested);
    for await (const member of deps.listMembers(next, listOpts)) {
      if (member.type === 'GROUP') {
        if (member.email) isInside.learn(member.email);
        const child = enqueue(member.id, member.email);
        if (child !== undefined) nested.push(child);
      } else if (member.type === 'CUSTOMER') {
        includesWholeCustomer = true;
        holdsCustomer.add(next);
      } else {
        userMembers.push(member);
      }
    }
  };
  // Breadth first, up to `concurrency` groups at a time; a group found inside one is queued and
  // started as soon as a slot frees. The first failure fails the expansion.
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const active = new Set<Promise<void>>();
  while (queue.length > 0 || active.size > 0) {
    while (queue.length > 0 && active.size < concurrency) {
      const task: Promise<void> = visit(queue.shift()!).finally(() => active.delete(task));
      // The failure is raised by the race below; later failures of other listings are let go.
      task.catch(() => {});
      active.add(task);
    }
    await Promise.race(active);
  }

  const userIds = new Set<string>();
  const externalEmails = new Set<string>();
  for (const member of userMembers) {
    const isOurs = member.type === 'USER' && (member.email === null || (await isInside.test(member.email)));
    if (isOurs && member.id) userIds.add(member.id);
    else if (member.email) externalEmails.add(member.email);
  }
  const wholeCustomerGroups = groupKeys.filter((key) => {
    const root = canonical.get(key.toLowerCase());
    return root !== undefined && reaches(root, children, holdsCustomer);
  });
  return {
    userIds,
    externalEmails: [...externalEmails].sort(),
    groupsVisited,
    includesWholeCustomer,
    wholeCustomerGroups,
  };
}

/** Whether `root` or a group nested in it (cycles allowed) is in `targets`. */
function reaches(
  root: string,
  children: ReadonlyMap<string, string[]>,
  targets: ReadonlySet<string>,
): boolean {
  const visited = new Set([root]);
  const stack = [root];
  for (let group = stack.pop(); group !== undefined; group = stack.pop()) {
    if (targets.has(group)) return true;
    for (const child of children.get(group) ?? []) {
      if (!visited.has(child)) {
        visited.add(child);
        stack.push(child);
      }
    }
  }
  return false;
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
