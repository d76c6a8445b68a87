import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, signIn, type TBrowser } from '../support/test-app';
import { createUser } from '../support/users.fixture';

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';

type TSample = { name: string; labels: Record<string, string>; value: number };

/** Prometheus text format: `# TYPE name type` lines and `name{a="b"} value` samples. */
function parseExposition(text: string) {
  const types = new Map<string, string>();
  const samples: TSample[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type?.[1] && type[2]) types.set(type[1], type[2]);
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (sample?.[1] && sample[3]) {
      const labels = Object.fromEntries(
        [...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((match) => [match[1], match[2]]),
      );
      samples.push({ name: sample[1], labels, value: Number(sample[3]) });
    }
  }
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples
      .filter(
        (sample) =>
          sample.name === name && Object.entries(labels).every(([key, v]) => sample.labels[key] === v),
      )
      .reduce((sum, sample) => sum + sample.value, 0);
  return { types, samples, value };
}

describe('GET /metrics', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  let admin: TBrowser;

  const scrape = async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(response.body);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await bootstrapAdmin(database);
    // A zero cache lifetime: each scrape reads the database, so a change shows at once.
    app = await buildTestApp(database, { env: { METRICS_TOKEN }, systemStatsTtlMs: 0 });
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('refuses a scrape without the bearer token, or with another one', async () => {
    const missing = await app.inject({ method: 'GET', url: '/metrics' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(missing.body).not.toContain('wac_');
    const wrong = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}x` },
    });
    expect(wrong.statusCode).toBe(401);
    // A signed-in admin's session is no scrape credential either.
    expect((await admin.request({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
  });

  it('is not served at all without METRICS_TOKEN', async () => {
    const bare = await buildTestApp(database);
    try {
      const response = await bare.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(response.statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it('exposes every family with its type', async () => {
    const { types } = await scrape();
    expect(Object.fromEntries([...types].filter(([name]) => name.startsWith('wac_')))).toEqual({
      wac_http_request_duration_seconds: 'histogram',
      wac_google_token_errors_total: 'counter',
      wac_archive_quota_pauses_total: 'counter',
      wac_database_stats_up: 'gauge',
      wac_users: 'gauge',
      wac_archive_messages: 'gauge',
      wac_archive_bytes: 'gauge',
      wac_archive_mailboxes: 'gauge',
      wac_archive_mailboxes_paused: 'gauge',
      wac_sync_runs: 'gauge',
      wac_sync_last_run_duration_seconds: 'gauge',
      wac_sync_last_run_finished_timestamp_seconds: 'gauge',
      wac_send_messages: 'gauge',
      wac_job_queue_depth: 'gauge',
      wac_database_size_bytes: 'gauge',
    });
    // prom-client's process metrics come along (memory, CPU, event loop).
    expect(types.get('process_resident_memory_bytes')).toBe('gauge');
  });

  it('reads deployment figures from the database on each scrape', async () => {
    const before = await scrape();
    expect(before.value('wac_database_stats_up')).toBe(1);
    expect(before.value('wac_users', { auth_method: 'LOCAL' })).toBe(1);
    expect(before.value('wac_database_size_bytes')).toBeGreaterThan(1_000_000);

    await createUser(database.prisma, { userName: 'ada', authMethod: 'DIRECTORY', googleUserId: '1001' });
    await createUser(database.prisma, { userName: 'bob', authMethod: 'DIRECTORY', googleUserId: '1002' });
    await database.prisma.syncRun.create({
      data: {
        isDryRun: false,
        trigger: 'MANUAL',
        status: 'SUCCEEDED',
        requestedByName: 'admin',
        phase: 'done',
        progress: {},
        settings: {},
        finishedAt: new Date('2026-12-06T09:00:00Z'),
        durationMs: 4_250,
      },
    });

    const after = await scrape();
    expect(after.value('wac_users', { auth_method: 'DIRECTORY' })).toBe(2);
    expect(after.value('wac_users', { auth_method: 'LOCAL' })).toBe(1);
    expect(after.value('wac_sync_runs', { status: 'SUCCEEDED' })).toBe(1);
    expect(after.value('wac_sync_last_run_duration_seconds', { status: 'SUCCEEDED' })).toBe(4.25);
    expect(after.value('wac_sync_last_run_finished_timestamp_seconds')).toBe(
      Date.parse('2026-12-06T09:00:00Z') / 1000,
    );
  });

  it('times requests by route pattern, never by the raw URL', async () => {
    const user = await database.prisma.user.findFirstOrThrow({ where: { userName: 'ada' } });
    const countOf = (metrics: ReturnType<typeof parseExposition>) =>
      metrics.value('wac_http_request_duration_seconds_count', {
        route: '/api/users/:id',
        method: 'GET',
        status_code: '200',
      });
    const before = countOf(await scrape());
    for (let i = 0; i < 3; i++) {
      expect((await admin.request({ method: 'GET', url: `/api/users/${user.id}` })).statusCode).toBe(200);
    }
    const after = await scrape();
    expect(countOf(after) - before).toBe(3);
    expect(
      after.samples.some((sample) => Object.values(sample.labels).some((v) => v.includes(user.id))),
    ).toBe(false);
    await app.inject({ method: 'GET', url: '/api/no-such-thing-12345' });
    const unmatched = await scrape();
    expect(
      unmatched.value('wac_http_request_duration_seconds_count', { route: 'unmatched' }),
    ).toBeGreaterThan(0);
    expect(unmatched.samples.some((sample) => sample.labels.route?.includes('no-such-thing'))).toBe(false);
  });
});
