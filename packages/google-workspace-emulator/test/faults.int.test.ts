import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TEmulator } from '../src/emulator';
import {
  accessTokenFor,
  delegatedKey,
  getDirectory,
  listAll,
  requestToken,
} from './support/directory-client';

describe('fault knobs', () => {
  let emulator: TEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    token = await accessTokenFor(emulator, delegatedKey(emulator), 'admin@example.com');
  });
  afterEach(() => {
    emulator.faults.reset();
  });
  afterAll(async () => {
    await emulator.close();
  });

  const listUsers = () => getDirectory(emulator, '/users?customer=my_customer&maxResults=5', token);

  it('answers the next N Directory requests with 429 and Retry-After, then recovers', async () => {
    emulator.faults.failNext({ status: 429, count: 2, retryAfterSeconds: 3 });
    const first = await listUsers();
    const second = await listUsers();
    const third = await listUsers();
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(first.body).toEqual({
      error: {
        code: 429,
        message: 'Rate Limit Exceeded',
        errors: [{ message: 'Rate Limit Exceeded', domain: 'global', reason: 'rateLimitExceeded' }],
        status: 'RESOURCE_EXHAUSTED',
      },
    });
  });

  it('can answer userRateLimitExceeded with 403, as the Directory API sometimes does', async () => {
    emulator.faults.failNext({ status: 403, reason: 'userRateLimitExceeded' });
    const response = await listUsers();
    expect(response.status).toBe(403);
    expect((response.body.error as { errors: { reason: string }[] }).errors[0]!.reason).toBe(
      'userRateLimitExceeded',
    );
  });

  it('answers 500 and 503 with Google’s backendError bodies', async () => {
    emulator.faults.failNext({ status: 500 });
    emulator.faults.failNext({ status: 503 });
    const first = await listUsers();
    const second = await listUsers();
    expect([first.status, second.status]).toEqual([500, 503]);
    expect(first.body).toMatchObject({ error: { code: 500, errors: [{ reason: 'backendError' }] } });
    expect(second.body).toMatchObject({ error: { code: 503, status: 'UNAVAILABLE' } });
  });

  it('targets one endpoint only when asked, including the token endpoint', async () => {
    emulator.faults.failNext({ status: 503, endpoint: 'directory.groups.list' });
    expect((await listUsers()).status).toBe(200);
    expect((await getDirectory(emulator, '/groups?customer=my_customer', token)).status).toBe(503);

    emulator.faults.failNext({ status: 429, endpoint: 'oauth.token' });
    const refused = await requestToken(emulator, delegatedKey(emulator), { subject: 'admin@example.com' });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'rate_limit_exceeded', error_description: 'Rate Limit Exceeded' });
  });

  it('adds latency to every request', async () => {
    emulator.faults.latencyMs = 150;
    const started = performance.now();
    await listUsers();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('breaks a listing after page K for ever', async () => {
    emulator.faults.breakListing({ listing: 'users', afterPage: 1 });
    const first = await listUsers();
    expect(first.status).toBe(200);
    const pageToken = first.body.nextPageToken as string;
    for (let attempt = 0; attempt < 3; attempt++) {
      const next = await getDirectory(
        emulator,
        `/users?customer=my_customer&maxResults=5&pageToken=${pageToken}`,
        token,
      );
      expect(next.status).toBe(503);
    }
  });

  it('breaks a listing after page K a given number of times, then lets it finish', async () => {
    emulator.faults.breakListing({ listing: 'users', afterPage: 2, times: 2, status: 500 });
    const first = await listUsers();
    const second = await getDirectory(
      emulator,
      `/users?customer=my_customer&maxResults=5&pageToken=${first.body.nextPageToken as string}`,
      token,
    );
    const path = `/users?customer=my_customer&maxResults=5&pageToken=${second.body.nextPageToken as string}`;
    const attempts = [await getDirectory(emulator, path, token), await getDirectory(emulator, path, token)];
    expect(attempts.map((attempt) => attempt.status)).toEqual([500, 500]);
    const third = await getDirectory(emulator, path, token);
    expect(third.status).toBe(200);
    expect(third.body.users).toHaveLength(2);
  });

  it('breaks a members listing independently of users', async () => {
    emulator.faults.breakListing({ listing: 'members', afterPage: 1, status: 400 });
    await expect(
      listAll(emulator, '/users?customer=my_customer&maxResults=5', 'users', token),
    ).resolves.toMatchObject({
      pages: 3,
    });
    await expect(
      listAll(emulator, '/groups/staff@example.com/members?maxResults=2', 'members', token),
    ).rejects.toThrow(/listing failed: 400/);
  });

  it('records the IMAP-disabled flag on the user', () => {
    emulator.faults.setImapDisabled('bob@example.com');
    expect(emulator.state.getUser('bob@example.com')?.imapDisabled).toBe(true);
  });

  it('is reachable over HTTP for the standalone emulator, and control calls are never faulted', async () => {
    const post = (body: unknown) =>
      fetch(`${emulator.url}/emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const applied = await post({ failNext: { status: 429, count: 1, endpoint: 'any' }, latencyMs: 5 });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({
      latencyMs: 5,
      pendingFailures: [{ status: 429, count: 1 }],
    });
    const state = await fetch(`${emulator.url}/emulator/state`);
    expect(state.status).toBe(200);
    expect((await listUsers()).status).toBe(429);
    expect((await post({ breakListing: { afterPage: 0 } })).status).toBe(400);
    expect((await post({ reset: true })).status).toBe(200);
    expect(emulator.faults.snapshot()).toMatchObject({
      latencyMs: 0,
      pendingFailures: [],
      listingBreaks: [],
    });
  });

  it('counts requests per endpoint and status', async () => {
    emulator.stats.reset();
    emulator.faults.failNext({ status: 503 });
    await listUsers();
    await listUsers();
    expect(emulator.stats.count('directory.users.list')).toBe(2);
    expect(emulator.stats.count('directory.users.list:503')).toBe(1);
    expect(emulator.stats.count('directory.users.list:200')).toBe(1);
  });
});
