import type {
  TDomainFixture,
  TDomainSource,
  TFixtureGroup,
  TFixtureMember,
  TFixtureUser,
} from './fixture.schema';
import { FAMILY_NAMES, GIVEN_NAMES, ORG_UNITS, TEAMS } from './name-pool';
import { createRandom, pick } from './seeded-random';

export type TGenerateOptions = {
  users: number;
  groups: number;
  /** The first is the primary domain and receives most users. */
  domains: string[];
  suspendedRatio?: number;
  /** Longest chain of groups inside groups (1 = no nesting). */
  maxNestingDepth?: number;
  /** Share of users with an alias address in another of the domains. */
  aliasRatio?: number;
  /** Share of groups that also contain one to three members from outside the domains. */
  externalMemberRatio?: number;
  /** Share of users in the first domain (default 0.6); the rest spread evenly over the others. */
  primaryShare?: number;
  seed?: number;
};

const PRIMARY_SHARE = 0.6;
const DAY_MS = 86_400_000;
const CREATION_EPOCH = Date.UTC(2018, 0, 1);
const LOGIN_EPOCH = Date.UTC(2025, 0, 1);

/**
 * A repeatable synthetic Workspace account: the same options and seed give the same fixture,
 * byte for byte. The first user is always `admin@<primary>`, an administrator who is never suspended.
 */
export function generateDomain(options: TGenerateOptions): TDomainFixture {
  const source = generateDomainSource(options);
  const users = [...source.users];
  return { customerId: source.customerId, domains: source.domains, users, groups: source.groups() };
}

/**
 * The same account as generateDomain, user by user: the emulator's store takes each user as it is
 * made, so a million users never exist twice (as fixture entries and as stored users). `groups` is
 * called once the users have been taken (the random sequence runs on from the users into the groups).
 */
export function generateDomainSource(
  options: TGenerateOptions,
): Omit<TDomainSource, 'domains' | 'groups'> & { domains: string[]; groups: () => TFixtureGroup[] } {
  const domains = options.domains.map((domain) => domain.toLowerCase());
  if (domains.length === 0) throw new Error('generateDomain needs at least one domain');
  const random = createRandom(options.seed ?? 1);
  // Memberships need every primary address in generation order: references to the stored strings.
  const emails: string[] = [];
  let isUsersTaken = false;
  return {
    customerId: `C0${(options.seed ?? 1).toString(36).padStart(7, '0')}`,
    domains,
    users: (function* () {
      for (const user of generateUsers(random, options, domains)) {
        emails.push(user.primaryEmail);
        yield user;
      }
      isUsersTaken = true;
    })(),
    groups: () => {
      if (!isUsersTaken) throw new Error('generateDomainSource: take the users before the groups');
      const groups = generateGroups(random, options, domains, emails);
      emails.length = 0;
      return groups;
    },
  };
}

function* generateUsers(
  random: () => number,
  options: TGenerateOptions,
  domains: string[],
): Generator<TFixtureUser> {
  const suspendedRatio = options.suspendedRatio ?? 0.05;
  const aliasRatio = options.aliasRatio ?? 0.1;
  const adminEvery = 20_000;
  const primaryShare = options.primaryShare ?? PRIMARY_SHARE;
  const usedLocalParts = new Map<string, number>();
  for (let index = 0; index < options.users; index++) {
    const isFirst = index === 0;
    const givenName = isFirst ? 'Ada' : pick(random, GIVEN_NAMES);
    const familyName = isFirst ? 'Admin' : pick(random, FAMILY_NAMES);
    const domain = isFirst ? domains[0]! : pickDomain(random, domains, primaryShare);
    const base = isFirst ? 'admin' : `${givenName}.${familyName}`.toLowerCase();
    const key = `${base}@${domain}`;
    const seen = usedLocalParts.get(key) ?? 0;
    usedLocalParts.set(key, seen + 1);
    const localPart = seen === 0 ? base : `${base}${seen + 1}`;
    const createdAt = CREATION_EPOCH + Math.floor(random() * 6 * 365) * DAY_MS;
    const user: TFixtureUser = {
      id: numericId(random),
      primaryEmail: `${localPart}@${domain}`,
      givenName,
      familyName,
      orgUnitPath: isFirst ? '/' : pick(random, ORG_UNITS),
      creationTime: new Date(createdAt).toISOString(),
    };
    if (random() < 0.8)
      user.lastLoginTime = new Date(LOGIN_EPOCH + Math.floor(random() * 365 * DAY_MS)).toISOString();
    if (isFirst || index % adminEvery === 0) user.isAdmin = true;
    else if (random() < suspendedRatio) user.suspended = true;
    if (!isFirst && random() < aliasRatio) {
      // ".alt" never ends a generated primary local part, so aliases cannot collide with addresses.
      user.aliases = [`${localPart}.alt@${domains[(domains.indexOf(domain) + 1) % domains.length]}`];
    }
    yield user;
  }
}

function generateGroups(
  random: () => number,
  options: TGenerateOptions,
  domains: string[],
  userEmails: readonly string[],
): TFixtureGroup[] {
  const depth = Math.max(1, options.maxNestingDepth ?? 3);
  const externalRatio = options.externalMemberRatio ?? 0.05;
  const groups: (TFixtureGroup & { members: TFixtureMember[] })[] = [];
  const levels: number[][] = Array.from({ length: depth }, () => []);
  for (let index = 0; index < options.groups; index++) {
    const team = pick(random, TEAMS);
    // The first groups form one chain of full depth, so the deepest nesting always occurs.
    const level =
      index < depth ? index : depth === 1 || random() < 0.5 ? 0 : 1 + Math.floor(random() * (depth - 1));
    const group = {
      id: `0${index.toString(36).padStart(6, '0')}${Math.floor(random() * 36 ** 8)
        .toString(36)
        .padStart(8, '0')}`,
      email: `${team.toLowerCase()}-${index + 1}@${pickDomain(random, domains, PRIMARY_SHARE)}`,
      name: `${team} ${index + 1}`,
      description: level === 0 ? `${team} team` : `${team} sub-team (level ${level + 1})`,
      members: [] as TFixtureMember[],
    };
    groups.push(group);
    levels[level]!.push(index);
    if (level > 0) {
      const parents = levels[level - 1]!;
      const parent = groups[index < depth ? index - 1 : parents[Math.floor(random() * parents.length)]!]!;
      parent.members.push({ email: group.email, type: 'GROUP' });
    }
    if (random() < externalRatio) {
      const count = 1 + Math.floor(random() * 3);
      for (let n = 0; n < count; n++) {
        const external = `partner${Math.floor(random() * 10_000)}@external-${Math.floor(random() * 50)}.example.org`;
        if (!domains.includes(external.slice(external.indexOf('@') + 1))) {
          group.members.push({ email: external, type: 'USER' });
        }
      }
    }
  }
  if (groups.length === 0) return groups;
  for (const email of userEmails) {
    const memberships = random() < 0.9 ? (random() < 0.3 ? 2 : 1) : 0;
    for (let n = 0; n < memberships; n++) {
      const roll = random();
      const role = roll < 0.02 ? 'OWNER' : roll < 0.07 ? 'MANAGER' : 'MEMBER';
      groups[Math.floor(random() * groups.length)]!.members.push({
        email,
        type: 'USER',
        role,
      });
    }
  }
  return groups;
}

function pickDomain(random: () => number, domains: string[], primaryShare: number): string {
  if (domains.length === 1 || random() < primaryShare) return domains[0]!;
  return domains[1 + Math.floor(random() * (domains.length - 1))]!;
}

function numericId(random: () => number): string {
  const high = Math.floor(random() * 1e10)
    .toString()
    .padStart(10, '0');
  const low = Math.floor(random() * 1e10)
    .toString()
    .padStart(10, '0');
  return `1${high}${low}`;
}
