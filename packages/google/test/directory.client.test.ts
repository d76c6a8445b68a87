import { describe, expect, it } from 'vitest';
import {
  createDirectoryClient,
  DirectoryError,
  GOOGLE_SCOPES,
  GoogleAuthError,
  type TDirectoryClientOptions,
  type TListingProgress,
} from '../src/index';
import {
  apiUser,
  fakeDirectoryApi,
  fakeTokens,
  googleError,
  type TApiHandler,
} from './support/fake-directory-api';

const ROOT = 'https://directory.example.test';

function setup(handler: TApiHandler, overrides: Partial<TDirectoryClientOptions> = {}) {
  const api = fakeDirectoryApi(handler);
  const tokens = fakeTokens();
  const sleeps: number[] = [];
  const progress: TListingProgress[] = [];
  const client = createDirectoryClient({
    tokens: tokens.tokens,
    adminUser: 'admin@acme.test',
    rootUrl: ROOT,
    fetch: api.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
    rateLimit: { perMinute: 1_000_000 },
    onProgress: (p) => progress.push(p),
    ...overrides,
  });
  return { client, api, tokens, sleeps, progress };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const twoUserPages: TApiHandler = ({ url }) =>
  url.searchParams.get('pageToken') === 'p2'
    ? { status: 200, body: { users: [apiUser(3)] } }
    : {
        status: 200,
        body: {
          users: [apiUser(1), apiUser(2, { suspended: true, aliases: ['u2@acme.test'] })],
          nextPageToken: 'p2',
        },
      };

describe('createDirectoryClient: users', () => {
  it('lists users page by page as the delegated admin, asking only for the fields it maps', async () => {
    const { client, api, tokens, progress } = setup(twoUserPages);
    const users = await collect(client.users());

    expect(users.map((user) => user.primaryEmail)).toEqual([
      'user1@acme.test',
      'user2@acme.test',
      'user3@acme.test',
    ]);
    expect(users[1]).toEqual({
      id: '100000000000000002',
      primaryEmail: 'user2@acme.test',
      aliases: ['u2@acme.test'],
      fullName: 'User 2',
      givenName: 'User',
      familyName: '2',
      isSuspended: true,
      isArchived: false,
      orgUnitPath: '/Staff',
      isAdmin: false,
      customerId: 'C01abc234',
    });
    const [first, second] = api.requests;
    expect(first?.url.origin + (first?.url.pathname ?? '')).toBe(`${ROOT}/admin/directory/v1/users`);
    expect(Object.fromEntries(first?.url.searchParams ?? [])).toMatchObject({
      customer: 'my_customer',
      maxResults: '500',
      fields: expect.stringMatching(
        /^nextPageToken,users\(id,primaryEmail,aliases,name\/fullName,.*isAdmin,customerId\)$/,
      ),
    });
    expect(first?.url.searchParams.has('pageToken')).toBe(false);
    expect(second?.url.searchParams.get('pageToken')).toBe('p2');
    expect(first?.authorization).toBe(`Bearer token-for-${GOOGLE_SCOPES.directoryUsers}`);
    expect(tokens.calls[0]).toEqual({ subject: 'admin@acme.test', scopes: [GOOGLE_SCOPES.directoryUsers] });
    expect(progress).toEqual([
      { kind: 'users', pages: 1, items: 2 },
      { kind: 'users', pages: 2, items: 3 },
    ]);
  });

  it('starts the listing afresh each time the iterable is walked', async () => {
    const { client, api } = setup(twoUserPages);
    const users = client.users();
    expect(await collect(users)).toHaveLength(3);
    expect(await collect(users)).toHaveLength(3);
    expect(api.requests).toHaveLength(4);
  });

  it('passes domain, query and showDeleted through', async () => {
    const { client, api } = setup(() => ({ status: 200, body: {} }));
    await collect(client.users({ domain: 'acme-eu.test', query: "orgUnitPath='/Staff'", showDeleted: true }));
    const params = api.requests[0]?.url.searchParams;
    expect(params?.get('domain')).toBe('acme-eu.test');
    expect(params?.has('customer')).toBe(false);
    expect(params?.get('query')).toBe("orgUnitPath='/Staff'");
    expect(params?.get('showDeleted')).toBe('true');
  });

  it('fills fullName from the parts when Google leaves it out', async () => {
    const { client } = setup(() => ({
      status: 200,
      body: {
        users: [apiUser(1, { name: { givenName: 'Grace', familyName: 'Hopper' }, orgUnitPath: undefined })],
      },
    }));
    const [user] = await collect(client.users());
    expect(user).toMatchObject({ fullName: 'Grace Hopper', aliases: [], orgUnitPath: '/' });
  });

  it('reads one user, and reports an unknown one as NOT_FOUND', async () => {
    const { client, api } = setup(({ url }) =>
      url.pathname.endsWith('/users/user1%40acme.test') || url.pathname.endsWith('/users/user1@acme.test')
        ? { status: 200, body: apiUser(1) }
        : googleError(404, 'Resource Not Found: userKey', 'notFound'),
    );
    expect((await client.getUser('user1@acme.test')).id).toBe('100000000000000001');
    const error = await rejection(client.getUser('ghost@acme.test'));
    expect(error).toMatchObject({ code: 'NOT_FOUND', details: { httpStatus: 404 } });
    expect(api.requests).toHaveLength(2);
  });
});

describe('createDirectoryClient: errors and retries', () => {
  it('retries a 429 after the Retry-After delay, then succeeds', async () => {
    let calls = 0;
    const { client, sleeps } = setup(() => {
      calls += 1;
      if (calls === 1)
        return {
          ...googleError(429, 'Rate Limit Exceeded', 'rateLimitExceeded'),
          headers: { 'retry-after': '3' },
        };
      return { status: 200, body: { users: [apiUser(1)] } };
    });
    expect(await collect(client.users())).toHaveLength(1);
    expect(sleeps).toEqual([3000]);
  });

  it.each([
    [503, 'backendError'],
    [500, 'backendError'],
    [502, 'backendError'],
    [504, 'backendError'],
    [403, 'userRateLimitExceeded'],
    [403, 'rateLimitExceeded'],
  ])('retries HTTP %s (%s) with exponential backoff and jitter', async (status, reason) => {
    let calls = 0;
    const { client, sleeps } = setup(() => {
      calls += 1;
      return calls <= 3 ? googleError(status, 'Try again', reason) : { status: 200, body: { groups: [] } };
    });
    await collect(client.groups());
    // random() = 0.5 of a ceiling doubling from 100 ms.
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it('gives up after maxAttempts with RATE_LIMITED or GOOGLE_UNAVAILABLE', async () => {
    const limited = setup(() => googleError(429, 'Rate Limit Exceeded', 'rateLimitExceeded'));
    const error = await rejection(collect(limited.client.users()));
    expect(error).toBeInstanceOf(DirectoryError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', details: { attempts: 4, httpStatus: 429 } });
    expect(limited.api.requests).toHaveLength(4);

    const down = setup(() => googleError(503, 'The service is currently unavailable.', 'backendError'));
    expect(await rejection(down.client.getUser('a@acme.test'))).toMatchObject({ code: 'GOOGLE_UNAVAILABLE' });
  });

  it('retries network failures and reports GOOGLE_UNAVAILABLE', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const { client, api } = setup(() => new TypeError('fetch failed', { cause: refused }));
    const error = await rejection(collect(client.groups()));
    expect(error).toMatchObject({ code: 'GOOGLE_UNAVAILABLE' });
    expect((error as Error).message).toContain('ECONNREFUSED');
    // The library's error holds the request with its bearer token; it must not ride along into logs.
    expect((error as Error).cause).toBeUndefined();
    expect(api.requests).toHaveLength(4);
  });

  it('maps 403 "Not Authorized to access this resource/api" to NOT_AN_ADMIN without retrying', async () => {
    const { client, api } = setup(() =>
      googleError(403, 'Not Authorized to access this resource/api', 'forbidden'),
    );
    const error = (await rejection(collect(client.users()))) as DirectoryError;
    expect(error.code).toBe('NOT_AN_ADMIN');
    expect(error.message).toContain('admin@acme.test');
    expect(error.message).toMatch(/super admin/);
    expect(error.message).toMatch(/Users > Read and Groups > Read/);
    expect(api.requests).toHaveLength(1);
  });

  it("reports other client errors as REQUEST_REJECTED with Google's message", async () => {
    const { client, api } = setup(() => googleError(400, 'Invalid Input: query', 'invalid'));
    const error = (await rejection(collect(client.users({ query: 'nonsense:' })))) as DirectoryError;
    expect(error.code).toBe('REQUEST_REJECTED');
    expect(error.message).toContain('Invalid Input: query');
    expect(api.requests).toHaveLength(1);
  });

  it('reports a page that keeps failing after earlier pages as LISTING_INCOMPLETE', async () => {
    const { client } = setup(({ url }) =>
      url.searchParams.get('pageToken') === 'p2'
        ? googleError(503, 'The service is currently unavailable.', 'backendError')
        : { status: 200, body: { users: [apiUser(1), apiUser(2)], nextPageToken: 'p2' } },
    );
    const seen: string[] = [];
    const error = (await rejection(
      (async () => {
        for await (const user of client.users()) seen.push(user.id);
      })(),
    )) as DirectoryError;
    expect(error.code).toBe('LISTING_INCOMPLETE');
    expect(error.details).toMatchObject({ page: 2, itemsRead: 2, attempts: 4 });
    expect(error.message).toMatch(/users stopped at page 2/);
    expect(seen).toHaveLength(2);
  });

  it('passes delegation errors from the token provider through without calling Google', async () => {
    const api = fakeDirectoryApi(() => ({ status: 200, body: {} }));
    const delegation = new GoogleAuthError('DELEGATION_NOT_AUTHORIZED', 'grant it', {
      clientId: '1',
      clientEmail: 'sa@p.iam.gserviceaccount.com',
      subject: 'admin@acme.test',
      scopes: [GOOGLE_SCOPES.directoryGroups],
      tokenUri: 'https://t',
    });
    const tokens = fakeTokens(() => delegation);
    const client = createDirectoryClient({
      tokens: tokens.tokens,
      adminUser: 'admin@acme.test',
      fetch: api.fetch,
    });
    expect(await rejection(collect(client.groups()))).toBe(delegation);
    expect(api.requests).toHaveLength(0);
    expect(tokens.calls).toHaveLength(1);
  });

  it('retries a token endpoint that is briefly unreachable', async () => {
    const api = fakeDirectoryApi(() => ({ status: 200, body: { groups: [] } }));
    let failures = 1;
    const tokens = fakeTokens(() =>
      failures-- > 0
        ? new GoogleAuthError('TOKEN_ENDPOINT_UNREACHABLE', 'down', {
            clientId: '1',
            clientEmail: 'sa@x',
            subject: 'admin@acme.test',
            scopes: [],
            tokenUri: 'https://t',
          })
        : undefined,
    );
    const sleeps: number[] = [];
    const client = createDirectoryClient({
      tokens: tokens.tokens,
      adminUser: 'admin@acme.test',
      fetch: api.fetch,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await collect(client.groups());
    expect(tokens.calls).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('takes one rate-limiter slot per attempt', async () => {
    let acquired = 0;
    let calls = 0;
    const { client } = setup(
      () => {
        calls += 1;
        return calls === 1 ? googleError(503, 'x', 'backendError') : { status: 200, body: { groups: [] } };
      },
      {
        rateLimiter: {
          acquire: async () => {
            acquired += 1;
          },
        },
      },
    );
    await collect(client.groups());
    expect(acquired).toBe(2);
  });

  it('refuses a root URL with a path, which the Google library would silently drop', () => {
    expect(() => setup(() => ({ status: 200 }), { rootUrl: 'https://proxy.example.test/google' })).toThrow(
      /origin/,
    );
  });
});
