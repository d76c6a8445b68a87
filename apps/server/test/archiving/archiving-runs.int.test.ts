import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TBrowser } from '../support/test-app';
import {
  createMailboxUser,
  DEFAULT_PROFILE_INPUT,
  getRun,
  saveProfile,
  startArchivingApp,
  startRun,
  waitFor,
  waitForRun,
} from './support/archiving.fixture';
import { completeResult, createFakeMailboxArchiver } from './support/fake-mailbox-archiver';

describe('archive runs: one job per mailbox, verdicts and the run status', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  let admin: TBrowser;
  const archiver = createFakeMailboxArchiver();

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ app, admin } = await startArchivingApp(database, archiver));
    for (const name of ['alice', 'bob', 'carol']) await createMailboxUser(database, name);
    await createMailboxUser(database, 'erin', ['login']);
    await saveProfile(admin, DEFAULT_PROFILE_INPUT);
  });

  beforeEach(() => {
    for (const name of ['alice', 'bob', 'carol', 'erin'])
      archiver.script(`${name}@example.com`, () => completeResult());
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('archives every selected mailbox and succeeds only when each is complete', async () => {
    const runId = await startRun(admin);
    const run = await waitForRun(admin, runId);
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      isEstimate: false,
      trigger: 'MANUAL',
      requestedBy: 'admin',
      mailboxCount: 3,
      mailboxes: { complete: 3, incomplete: 0, failed: 0 },
      totals: { archived: 30, bytes: 30_000 },
    });
    // erin lacks the "archive" privilege the profile requires.
    expect(run.items.map((item) => [item.userEmail, item.status])).toEqual([
      ['alice@example.com', 'COMPLETE'],
      ['bob@example.com', 'COMPLETE'],
      ['carol@example.com', 'COMPLETE'],
    ]);
    expect(archiver.calls.at(-1)?.hooks).toMatchObject({ connectionsPerAccount: 1 });
  });

  it('one incomplete mailbox makes the run INCOMPLETE, never success, with the missing UIDs and reasons', async () => {
    archiver.script('bob@example.com', () =>
      completeResult({
        status: 'incomplete',
        archived: 8,
        failed: [
          { folder: '[Gmail]/All Mail', uid: 7, reason: 'The server returned no body for this message.' },
        ],
        folders: [{ folder: '[Gmail]/All Mail', serverCount: 10, archivedCount: 9, missingUids: [7] }],
      }),
    );
    const run = await waitForRun(admin, await startRun(admin));
    expect(run.status).toBe('INCOMPLETE');
    expect(run.mailboxes).toMatchObject({ complete: 2, incomplete: 1 });
    expect(run.totals.failedMessages).toBe(1);
    const bob = run.items.find((item) => item.userEmail === 'bob@example.com');
    expect(bob).toMatchObject({
      status: 'INCOMPLETE',
      archived: 8,
      failedCount: 1,
      failed: [
        { folder: '[Gmail]/All Mail', uid: 7, reason: 'The server returned no body for this message.' },
      ],
      folders: [{ folder: '[Gmail]/All Mail', serverCount: 10, archivedCount: 9, missingUids: [7] }],
    });
    const listed = await admin.request({ method: 'GET', url: '/api/archiving/runs?pageSize=1' });
    expect(listed.json()).toMatchObject({ total: 2, items: [{ id: run.id, status: 'INCOMPLETE' }] });
  });

  it('a failed mailbox makes the run FAILED and shows the problem with its remedy', async () => {
    archiver.script('carol@example.com', () =>
      completeResult({
        status: 'failed',
        archived: 0,
        bytes: 0,
        folders: [],
        problem: {
          code: 'IMAP_DISABLED',
          message:
            'Google refused IMAP access for carol@example.com: [ALERT] IMAP access is disabled for your domain.',
          remedy: "Turn on IMAP access for the user's organisational unit.",
        },
      }),
    );
    const run = await waitForRun(admin, await startRun(admin));
    expect(run.status).toBe('FAILED');
    expect(run.items.find((item) => item.userEmail === 'carol@example.com')).toMatchObject({
      status: 'FAILED',
      problem: { code: 'IMAP_DISABLED', remedy: "Turn on IMAP access for the user's organisational unit." },
    });
  });

  it('an archiver that throws fails only its mailbox, with a readable reason', async () => {
    archiver.script('alice@example.com', () => {
      throw new Error('socket hang up at 10.0.0.1');
    });
    const run = await waitForRun(admin, await startRun(admin));
    expect(run.status).toBe('FAILED');
    const alice = run.items.find((item) => item.userEmail === 'alice@example.com');
    expect(alice?.problem).toMatchObject({
      code: 'UNEXPECTED',
      message: 'Archiving stopped with an unexpected error.',
    });
    expect(JSON.stringify(alice)).not.toContain('10.0.0.1');
    expect(run.items.filter((item) => item.status === 'COMPLETE')).toHaveLength(2);
  });

  it('Estimate reads counts and sizes and reports the expected days under the daily budget', async () => {
    archiver.estimate('alice@example.com', {
      isGmail: true,
      folders: [
        { folder: '[Gmail]/All Mail', messages: 40_000, bytes: 5000 * 1024 * 1024 },
        { folder: '[Gmail]/Sent Mail', messages: 0, bytes: 0 },
      ],
    });
    const callsBefore = archiver.calls.length;
    const run = await waitForRun(admin, await startRun(admin, 'estimate'));
    expect(run).toMatchObject({ status: 'SUCCEEDED', isEstimate: true });
    expect(archiver.calls.length).toBe(callsBefore);
    const alice = run.items.find((item) => item.userEmail === 'alice@example.com');
    // 5,000 MB at the default 2,000 MB a day.
    expect(alice?.estimate).toEqual({
      messages: 40_000,
      bytes: 5000 * 1024 * 1024,
      isGmail: true,
      expectedDays: 2.5,
    });
    expect(run.totals.estimatedMessages).toBe(40_200);
    const audit = await database.prisma.auditLog.findFirst({
      where: { action: 'archiving.estimate_requested' },
    });
    expect(audit).toMatchObject({ actorName: 'admin', target: `archive-run:${run.id}` });
  });

  it('streams live progress per mailbox and overall, then the end', async () => {
    const release = archiver.hold('alice@example.com');
    archiver.script('alice@example.com', async (_target, hooks) => {
      hooks.onProgress({ folder: '[Gmail]/All Mail', messagesDone: 3, messagesTotal: 10, bytesDone: 3000 });
      return completeResult();
    });
    const runId = await startRun(admin);
    await waitFor(() => archiver.isRunning('alice@example.com'), 'alice to start');
    const running = await getRun(admin, runId);
    expect(running.status).toBe('RUNNING');
    expect(running.items.find((item) => item.userEmail === 'alice@example.com')?.status).toBe('RUNNING');
    setTimeout(release, 300);
    const events = await admin.request({ method: 'GET', url: `/api/archiving/runs/${runId}/events` });
    expect(events.statusCode).toBe(200);
    expect(events.headers['content-type']).toContain('text/event-stream');
    const frames = events.body
      .split('\n\n')
      .filter((frame) => frame.startsWith('event:'))
      .map((frame) => ({
        event: frame.split('\n')[0]?.slice('event: '.length),
        data: JSON.parse(frame.split('\n')[1]?.slice('data: '.length) ?? 'null'),
      }));
    expect(frames[0]).toMatchObject({ event: 'progress', data: { run: { id: runId, status: 'RUNNING' } } });
    expect(frames[0]?.data.running.map((mailbox: { userEmail: string }) => mailbox.userEmail)).toContain(
      'alice@example.com',
    );
    expect(frames.at(-1)).toEqual({ event: 'end', data: { status: 'SUCCEEDED' } });
    const done = await getRun(admin, runId);
    expect(done.items.find((item) => item.userEmail === 'alice@example.com')?.progress).toBeNull();
  });
});
