import { admin, type admin_directory_v1 } from '@googleapis/admin';
import type { TTokenProvider } from '../auth/delegated-token.provider';
import { GoogleAuthError } from '../auth/google-auth.error';
import type { TFetch } from '../auth/token-endpoint.client';
import { GOOGLE_ADMIN_ROOT_URL, GOOGLE_SCOPES } from '../google-scopes';
import { DirectoryError } from './directory.error';
import type { TDirectoryGroup, TDirectoryMember, TDirectoryUser, TGroupExpansion } from './directory.types';
import { createDirectoryRequestExecutor, type TAuthHeaders } from './directory-request.executor';
import {
  GROUP_FIELDS,
  MEMBER_FIELDS,
  toDirectoryGroup,
  toDirectoryMember,
  toDirectoryUser,
  USER_FIELDS,
} from './directory-resource.mapper';
import type { TApiResponse } from './google-api-error.classifier';
import { expandGroups, type TExpandGroupsOptions } from './group-expander';
import { paginate, type TListingKind, type TListingProgress, type TPage } from './paginator';
import { DEFAULT_RETRY_OPTIONS, type TRetryOptions } from './retry-policy';
import {
  createTokenBucketLimiter,
  DEFAULT_DIRECTORY_QUERIES_PER_MINUTE,
  type TRateLimiter,
} from './token-bucket.limiter';

export type TDirectoryClientOptions = {
  tokens: TTokenProvider;
  /** The Workspace admin the service account acts as. */
  adminUser: string;
  /** Origin only: the Google client library drops any path. */
  rootUrl?: string;
  rateLimit?: { perMinute: number };
  /** Share one limiter between clients that act as the same admin, since Google's quota is per user. */
  rateLimiter?: TRateLimiter;
  retry?: Partial<TRetryOptions>;
  onProgress?: (progress: TListingProgress) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  fetch?: TFetch;
  timeoutMs?: number;
};

export type TListUsersOptions = {
  domain?: string;
  query?: string;
  showDeleted?: boolean;
  /**
   * Acquired for each request of the listing (retries too), on top of the client's own limiter: listings run side by side
   * share it, so together they keep to a share of the quota and leave the rest to other traffic.
   */
  limiter?: TRateLimiter;
};

export type TDirectoryClient = {
  users(opts?: TListUsersOptions): AsyncIterable<TDirectoryUser>;
  groups(opts?: { domain?: string }): AsyncIterable<TDirectoryGroup>;
  groupMembers(groupKey: string, opts?: { limiter?: TRateLimiter }): AsyncIterable<TDirectoryMember>;
  /**
   * The account's domains (primary first), or null when the optional domain scope is not delegated
   * (or the admin may not read domains): the caller then lists the account as a whole.
   */
  domains?(): Promise<string[] | null>;
  expandGroups(groupKeys: string[], opts?: TExpandGroupsOptions): Promise<TGroupExpansion>;
  getUser(userKey: string): Promise<TDirectoryUser>;
};

// Google's page maxima: 500 users, 200 groups or members.
const USERS_PER_PAGE = 500;
const GROUPS_PER_PAGE = 200;
const MEMBERS_PER_PAGE = 200;

export function createDirectoryClient(opts: TDirectoryClientOptions): TDirectoryClient {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const api = admin({
    version: 'directory_v1',
    rootUrl: originOf(opts.rootUrl ?? GOOGLE_ADMIN_ROOT_URL),
    // Retries and status handling are ours; the library's own would retry behind our rate limiter's back.
    retry: false,
    validateStatus: () => true,
    responseType: 'json',
    timeout: opts.timeoutMs ?? 60_000,
    ...(opts.fetch ? { fetchImplementation: opts.fetch } : {}),
  });
  const execute = createDirectoryRequestExecutor({
    tokens: opts.tokens,
    adminUser: opts.adminUser,
    limiter:
      opts.rateLimiter ??
      createTokenBucketLimiter({
        perMinute: opts.rateLimit?.perMinute ?? DEFAULT_DIRECTORY_QUERIES_PER_MINUTE,
        now,
        sleep,
      }),
    retry: { ...DEFAULT_RETRY_OPTIONS, ...opts.retry },
    sleep,
    random: opts.random ?? Math.random,
    now,
  });
  const asResponse = (call: Promise<unknown>) => call as Promise<TApiResponse>;

  type TListSpec<TBody, TItem> = {
    kind: TListingKind;
    label: string;
    scope: string;
    send: (pageToken: string | undefined, headers: TAuthHeaders) => Promise<unknown>;
    items: (body: TBody) => TItem[];
    limiter?: TRateLimiter | undefined;
  };

  function list<TBody extends { nextPageToken?: string | null }, TItem>(
    spec: TListSpec<TBody, TItem>,
  ): AsyncIterable<TItem> {
    // Each for-await starts the listing afresh, so the iterable can be walked more than once.
    return { [Symbol.asyncIterator]: () => paginateSpec(spec) };
  }

  function paginateSpec<TBody extends { nextPageToken?: string | null }, TItem>(
    spec: TListSpec<TBody, TItem>,
  ): AsyncIterator<TItem> {
    return paginate<TItem>({
      kind: spec.kind,
      label: spec.label,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      fetchPage: async (pageToken, pageNumber): Promise<TPage<TItem>> => {
        const body = await execute<TBody>({
          scope: spec.scope,
          limiter: spec.limiter,
          operation: `listing ${spec.label} (page ${pageNumber})`,
          send: (headers) => asResponse(spec.send(pageToken ?? undefined, headers)),
        });
        return { items: spec.items(body), nextPageToken: body.nextPageToken || null };
      },
    });
  }

  function groupMembers(groupKey: string, memberOpts: { limiter?: TRateLimiter } = {}) {
    return list<admin_directory_v1.Schema$Members, TDirectoryMember>({
      kind: 'members',
      limiter: memberOpts.limiter,
      label: `members of group ${groupKey}`,
      scope: GOOGLE_SCOPES.directoryGroups,
      send: (pageToken, headers) =>
        api.members.list(
          {
            groupKey,
            maxResults: MEMBERS_PER_PAGE,
            pageToken,
            fields: `nextPageToken,members(${MEMBER_FIELDS})`,
          },
          { headers },
        ),
      items: (body) => (body.members ?? []).map(toDirectoryMember),
    });
  }

  return {
    users(listOpts = {}) {
      const where = listOpts.domain ? { domain: listOpts.domain } : { customer: 'my_customer' };
      return list<admin_directory_v1.Schema$Users, TDirectoryUser>({
        kind: 'users',
        label: listOpts.domain ? `users of ${listOpts.domain}` : 'users',
        limiter: listOpts.limiter,
        scope: GOOGLE_SCOPES.directoryUsers,
        send: (pageToken, headers) =>
          api.users.list(
            {
              ...where,
              maxResults: USERS_PER_PAGE,
              pageToken,
              projection: 'basic',
              viewType: 'admin_view',
              fields: `nextPageToken,users(${USER_FIELDS})`,
              ...(listOpts.query ? { query: listOpts.query } : {}),
              ...(listOpts.showDeleted ? { showDeleted: 'true' } : {}),
            },
            { headers },
          ),
        items: (body) => (body.users ?? []).map(toDirectoryUser),
      });
    },
    groups(listOpts = {}) {
      const where = listOpts.domain ? { domain: listOpts.domain } : { customer: 'my_customer' };
      return list<admin_directory_v1.Schema$Groups, TDirectoryGroup>({
        kind: 'groups',
        label: listOpts.domain ? `groups of ${listOpts.domain}` : 'groups',
        scope: GOOGLE_SCOPES.directoryGroups,
        send: (pageToken, headers) =>
          api.groups.list(
            {
              ...where,
              maxResults: GROUPS_PER_PAGE,
              pageToken,
              fields: `nextPageToken,groups(${GROUP_FIELDS})`,
            },
            { headers },
          ),
        items: (body) => (body.groups ?? []).map(toDirectoryGroup),
      });
    },
    groupMembers,
    domains: listDomains,
    expandGroups(groupKeys, expandOpts) {
      const adminDomain = opts.adminUser.slice(opts.adminUser.lastIndexOf('@') + 1);
      return expandGroups(
        {
          listMembers: (groupKey, listOpts) => groupMembers(groupKey, listOpts),
          knownDomains: [adminDomain],
          probe: isAccountUser,
        },
        groupKeys,
        expandOpts,
      );
    },
    getUser,
  };

  async function listDomains(): Promise<string[] | null> {
    try {
      const body = await execute<admin_directory_v1.Schema$Domains2>({
        scope: GOOGLE_SCOPES.directoryDomains,
        operation: 'listing the domains of the account',
        send: (headers) => asResponse(api.domains.list({ customer: 'my_customer' }, { headers })),
      });
      const domains = (body.domains ?? []).map((domain) => (domain.domainName ?? '').toLowerCase());
      return domains.filter((domain) => domain !== '');
    } catch (error) {
      // The scope is optional: without it (or without the right to read domains) there is no list.
      if (error instanceof GoogleAuthError && error.code === 'DELEGATION_NOT_AUTHORIZED') return null;
      const isRefused = error instanceof DirectoryError && error.details.httpStatus === 403;
      if (isRefused && (error.code === 'NOT_AN_ADMIN' || error.code === 'REQUEST_REJECTED')) return null;
      throw error;
    }
  }

  async function isAccountUser(email: string): Promise<boolean> {
    try {
      await getUser(email);
      return true;
    } catch (error) {
      // Google answers 404 for an unknown address and 403 for a user of another account.
      if (error instanceof DirectoryError && (error.code === 'NOT_FOUND' || error.code === 'NOT_AN_ADMIN')) {
        return false;
      }
      throw error;
    }
  }

  async function getUser(userKey: string): Promise<TDirectoryUser> {
    const body = await execute<admin_directory_v1.Schema$User>({
      scope: GOOGLE_SCOPES.directoryUsers,
      operation: `looking up user ${userKey}`,
      send: (headers) =>
        asResponse(
          api.users.get(
            { userKey, projection: 'basic', viewType: 'admin_view', fields: USER_FIELDS },
            { headers },
          ),
        ),
    });
    return toDirectoryUser(body);
  }
}

function originOf(rootUrl: string): string {
  const url = new URL(rootUrl);
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new Error(`The Admin SDK root URL must be an origin without a path, got ${rootUrl}.`);
  }
  return `${url.origin}/`;
}
