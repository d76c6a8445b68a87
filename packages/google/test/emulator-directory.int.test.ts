import { startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createDelegatedTokenProvider,
  createDirectoryClient,
  DirectoryError,
  GOOGLE_SCOPES,
  GoogleAuthError,
  parseServiceAccountKey,
  REQUIRED_DELEGATION_SCOPES,
  type TDirectoryClientOptions,
  type TListingProgress,
  type TServiceAccountKey,
} from '../src/index';
import { bigDomain } from './support/emulator-domain';

// 1,202 users: three pages of users.list at 500 a page.
let emulator: TEmulator;
let key: TServiceAccountKey;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, fixture: bigDomain(1200) });
  key = parseServiceAccountKey(
    emulator.createServiceAccountKey({ delegatedScopes: [...REQUIRED_DELEGATION_SCOPES] }).json,
  );
});

afterEach(() => {
  emulator.faults.reset();
});

afterAll(async () => {
  await emulator?.close();
});

function client(overrides: Partial<TDirectoryClientOptions> = {}) {
  const sleeps: number[] = [];
  const progress: TListingProgress[] = [];
  const directory = createDirectoryClient({
    tokens: createDelegatedTokenProvider({ key }),
    adminUser: 'admin@bulk.example',
    rootUrl: emulator.url,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    onProgress: (p) => progress.push(p),
    ...overrides,
  });
  return { directory, sleeps, progress };
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('Directory client against the emulator', () => {
  it('streams every user across pages with live progress', async () => {
    const { directory, progress } = client();
    const emails = new Set<string>();
    for await (const user of directory.users()) emails.add(user.primaryEmail);
    expect(emails.size).toBe(1202);
    expect(emails.has('user01199@bulk.example')).toBe(true);
    expect(progress).toEqual([
      { kind: 'users', pages: 1, items: 500 },
      { kind: 'users', pages: 2, items: 1000 },
      { kind: 'users', pages: 3, items: 1202 },
    ]);
    const suspended = await directory.getUser('away@bulk.example');
    expect(suspended).toMatchObject({ isSuspended: true, fullName: 'Sus Pended', isAdmin: false });
  });

  it('reports an impersonated user who is not an admin as NOT_AN_ADMIN', async () => {
    const { directory } = client({ adminUser: 'user00001@bulk.example' });
    const error = (await failure(() => directory.getUser('admin@bulk.example'))) as DirectoryError;
    expect(error).toBeInstanceOf(DirectoryError);
    expect(error.code).toBe('NOT_AN_ADMIN');
    expect(error.message).toContain('user00001@bulk.example');
  });

  it('bubbles up the token error when the impersonated admin is suspended', async () => {
    const { directory } = client({ adminUser: 'away@bulk.example' });
    const error = (await failure(async () => {
      for await (const _ of directory.users()) break;
    })) as GoogleAuthError;
    expect(error).toBeInstanceOf(GoogleAuthError);
    expect(error.code).toBe('INVALID_GRANT');
  });

  it('waits out a 429 burst as Retry-After says, then succeeds', async () => {
    emulator.faults.failNext({
      status: 429,
      count: 2,
      endpoint: 'directory.users.list',
      retryAfterSeconds: 2,
    });
    const before = emulator.stats.count('directory.users.list:429');
    const { directory, sleeps } = client();
    let count = 0;
    for await (const _ of directory.users({ query: 'email:admin*' })) count += 1;
    expect(count).toBe(1);
    expect(sleeps).toEqual([2000, 2000]);
    expect(emulator.stats.count('directory.users.list:429') - before).toBe(2);
  });

  it('retries 403 userRateLimitExceeded the same way', async () => {
    emulator.faults.failNext({
      status: 403,
      reason: 'userRateLimitExceeded',
      endpoint: 'directory.users.get',
    });
    const { directory, sleeps } = client();
    await expect(directory.getUser('admin@bulk.example')).resolves.toMatchObject({ isAdmin: true });
    expect(sleeps).toHaveLength(1);
  });

  it('reports a listing that breaks halfway as LISTING_INCOMPLETE after retrying that page', async () => {
    emulator.faults.breakListing({ listing: 'users', afterPage: 1, status: 503 });
    const { directory, progress } = client();
    let read = 0;
    const error = (await failure(async () => {
      for await (const _ of directory.users()) read += 1;
    })) as DirectoryError;
    expect(error.code).toBe('LISTING_INCOMPLETE');
    expect(error.details).toMatchObject({ page: 2, itemsRead: 500, attempts: 3, httpStatus: 503 });
    expect(error.message).toMatch(/page 2.*nothing was changed/s);
    expect(read).toBe(500);
    expect(progress).toEqual([{ kind: 'users', pages: 1, items: 500 }]);
  });

  it('recovers when the broken page works again within the retries', async () => {
    emulator.faults.breakListing({ listing: 'users', afterPage: 2, times: 2, status: 500 });
    const { directory, sleeps } = client();
    let read = 0;
    for await (const _ of directory.users()) read += 1;
    expect(read).toBe(1202);
    expect(sleeps).toHaveLength(2);
  });

  it('uses only the scope each call needs, so a missing group scope does not stop user listing', async () => {
    const usersOnly = parseServiceAccountKey(
      emulator.createServiceAccountKey({
        clientEmail: 'users-only@wac-emulator.iam.gserviceaccount.com',
        delegatedScopes: [GOOGLE_SCOPES.directoryUsers],
      }).json,
    );
    const { directory } = client({ tokens: createDelegatedTokenProvider({ key: usersOnly }) });
    await expect(directory.getUser('admin@bulk.example')).resolves.toBeTruthy();
    const error = (await failure(async () => {
      for await (const _ of directory.groups()) break;
    })) as GoogleAuthError;
    expect(error.code).toBe('DELEGATION_NOT_AUTHORIZED');
    expect(error.message).toContain(GOOGLE_SCOPES.directoryGroups);
  });
});
