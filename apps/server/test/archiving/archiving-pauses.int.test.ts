import { Writable } from 'node:stream';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMutableClock } from '../support/mutable-clock';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, signIn, type TBrowser } from '../support/test-app';
import {
  createMailboxUser,
  DEFAULT_PROFILE_INPUT,
  saveProfile,
  startRun,
  waitForRun,
} from './support/archiving.fixture';
import { completeResult, createFakeMailboxArchiver } from './support/fake-mailbox-archiver';

const MB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

// A mailbox that runs out of its daily budget part-way through a run (the archiver stops before
// the next message would cross it) is paused until the ledger says enough has left the window,
// not for a fixed quarter of an hour; and the log carries progress lines and one summary per run.
describe('archiving: the budget pause mid-run, progress and summary lines in the log', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  let admin: TBrowser;
  const archiver = createFakeMailboxArchiver();
  const clock = createMutableClock(new Date('2026-12-06T08:00:00Z'));
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await bootstrapAdmin(database);
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    app = await buildTestApp(database, {
      env: { ARCHIVE_DAILY_BUDGET_MB: '10' },
      clock,
      logger: pino({ level: 'info' }, sink),
      archiving: {
        runMailbox: archiver.runMailbox,
        estimateMailbox: archiver.estimateMailbox,
        pollingIntervalSeconds: 0.5,
        progressIntervalMs: 10,
      },
    });
    await app.services.archiving.startWorker();
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    await createMailboxUser(database, 'alice');
    await saveProfile(admin, DEFAULT_PROFILE_INPUT);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('pauses until the oldest counted downloads leave the 24-hour window, as the ledger says', async () => {
    // Yesterday's first run counted 6 MB at 09:00 (23 hours ago).
    const previous = await waitForRun(
      admin,
      await (async () => {
        clock.set(new Date('2026-12-05T09:00:00Z'));
        archiver.script('alice@example.com', () => completeResult({ bytes: 6 * MB }));
        return startRun(admin);
      })(),
    );
    expect(previous.status).toBe('SUCCEEDED');

    // Today: 3.9 MB more, then the next message would cross the 10 MB budget.
    clock.set(new Date('2026-12-06T08:00:00Z'));
    archiver.script('alice@example.com', (_target, hooks) => {
      hooks.onProgress({
        folder: '[Gmail]/All Mail',
        messagesDone: 1,
        messagesTotal: 9,
        bytesDone: 3.9 * MB,
      });
      return completeResult({
        status: 'paused',
        bytes: 3.9 * MB,
        problem: {
          code: 'DAILY_BUDGET_EXHAUSTED',
          message: 'The daily download budget for alice@example.com is used up.',
          remedy: 'Nothing to do: the mailbox resumes when the rolling 24-hour budget allows.',
        },
      });
    });
    const paused = await waitForRun(admin, await startRun(admin));
    expect(paused.status).toBe('PAUSED');
    const alice = paused.items[0];
    expect(alice).toMatchObject({ status: 'PAUSED', problem: { code: 'DAILY_BUDGET_EXHAUSTED' } });
    // 9.9 of 10 MB used: a tenth of the budget is free again once yesterday's 6 MB leave the window.
    expect(alice?.resumeAt).toBe(new Date(Date.parse('2026-12-05T09:00:00Z') + DAY_MS).toISOString());
  });

  it('logs progress lines per mailbox and one summary line per run', async () => {
    clock.set(new Date('2026-12-07T12:00:00Z'));
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    lines.length = 0;
    archiver.script('alice@example.com', (_target, hooks) => {
      hooks.onProgress({ folder: '[Gmail]/All Mail', messagesDone: 5, messagesTotal: 10, bytesDone: 5000 });
      return completeResult({ archived: 10, bytes: 10_000 });
    });
    const run = await waitForRun(admin, await startRun(admin));
    expect(run.status).toBe('SUCCEEDED');
    const progress = lines.filter((line) => line.msg === 'archive: mailbox progress');
    expect(progress[0]).toMatchObject({ mailbox: 'alice@example.com', messagesDone: 5, messagesTotal: 10 });
    const summaries = lines.filter((line) => line.msg === 'archive: run finished');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      runId: run.id,
      status: 'SUCCEEDED',
      archived: 10,
      bytes: 10_000,
      mailboxes: { COMPLETE: 1, FAILED: 0 },
    });
  });
});
