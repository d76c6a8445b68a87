import { createTokenBucketLimiter, type TDirectoryClient } from '@wac/google';
import type { TGoogleUser } from '../plan/plan.types';
import type { TSyncGroup } from '../settings/sync-settings.types';
import { DEFAULT_PARALLEL_QUERIES_PER_MINUTE, listUsersByDomain } from './domain-users.listing';
import { readAhead } from './read-ahead';

export type TGoogleDirectoryState = {
  users: TGoogleUser[];
  /** null: every listed user is in scope (no group filter). */
  inScopeUserIds: Set<string> | null;
  /** Domains of the listed primary addresses: the account's domains as far as the listing shows. */
  domains: string[];
  groupsExpanded: number;
};

export type TReadHooks = {
  onPhase?: (phase: 'reading-users' | 'reading-groups') => void;
  onUsersRead?: (count: number) => void;
  /** Awaited before the first user is handed to onUser; the listing pages in meanwhile. */
  prepare?: () => Promise<void>;
  /** Each listed user as it arrives, while the next page is on its way. */
  onUser?: (user: TGoogleUser) => void;
  /** Share of the Directory quota for domains listed side by side (default 1,500 a minute). */
  parallelQueriesPerMinute?: number;
};

const USER_PROGRESS_EVERY = 500;
const GROUPS_AT_ONCE = 8;
// Twenty pages of users: enough to keep Google busy while `prepare` waits for the database, and
// never less than the next page while the current one is handled.
const READ_AHEAD_USERS = 10_000;

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Reads everything a plan needs, or throws: a partial listing must never reach the planner, since
 * users missing from it would look deleted. Users are read before groups so that group expansion
 * knows every domain of the account, including secondary domains without groups of their own.
 */
export async function readGoogleDirectory(
  directory: TDirectoryClient,
  groups: readonly TSyncGroup[],
  hooks: TReadHooks = {},
): Promise<TGoogleDirectoryState> {
  hooks.onPhase?.('reading-users');
  const users: TGoogleUser[] = [];
  const domains = new Set<string>();
  // Most users share a handful of org units and have no alias: one instance each, not 100,000.
  const orgUnits = new Map<string, string>();
  const noAliases: string[] = [];
  // Several domains are listed side by side when Google tells which they are (an optional scope).
  const accountDomains = (await directory.domains?.()) ?? null;
  const source =
    accountDomains !== null && accountDomains.length > 1
      ? listUsersByDomain(directory, accountDomains, {
          ...(hooks.parallelQueriesPerMinute === undefined
            ? {}
            : { queriesPerMinute: hooks.parallelQueriesPerMinute }),
        })
      : directory.users();
  const listing = readAhead(source, READ_AHEAD_USERS);
  try {
    await hooks.prepare?.();
  } catch (error) {
    await listing.return();
    throw error;
  }
  for await (const user of listing) {
    const orgUnit = user.orgUnitPath || null;
    if (orgUnit !== null && !orgUnits.has(orgUnit)) orgUnits.set(orgUnit, orgUnit);
    // Only the fields the plan reads: the listing's other fields would cost memory per user.
    const listed: TGoogleUser = {
      id: user.id,
      primaryEmail: user.primaryEmail,
      aliases: user.aliases.length === 0 ? noAliases : user.aliases,
      fullName: user.fullName,
      isSuspended: user.isSuspended,
      ...(user.isArchived ? { isArchived: true } : {}),
      orgUnitPath: orgUnit === null ? null : orgUnits.get(orgUnit)!,
    };
    users.push(listed);
    hooks.onUser?.(listed);
    domains.add(domainOf(user.primaryEmail));
    if (users.length % USER_PROGRESS_EVERY === 0) hooks.onUsersRead?.(users.length);
  }
  hooks.onUsersRead?.(users.length);

  if (groups.length === 0) {
    return { users, inScopeUserIds: null, domains: [...domains], groupsExpanded: 0 };
  }
  hooks.onPhase?.('reading-groups');
  // Groups are listed several at once within the same share of the quota as the domains.
  const expansion = await directory.expandGroups(
    groups.map((group) => group.id || group.email),
    {
      domains: [...domains],
      concurrency: GROUPS_AT_ONCE,
      limiter: createTokenBucketLimiter({
        perMinute: hooks.parallelQueriesPerMinute ?? DEFAULT_PARALLEL_QUERIES_PER_MINUTE,
      }),
    },
  );
  return {
    users,
    // A group holding "everyone in the organisation" puts the whole directory in scope.
    inScopeUserIds: expansion.includesWholeCustomer ? null : expansion.userIds,
    domains: [...domains],
    groupsExpanded: expansion.groupsVisited,
  };
}
