import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMutableClock } from '../support/mutable-clock';
import { ADMIN_PASSWORD, signIn, type TBrowser } from '../support/test-app';
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

const MB = 1024 * 1024;

describe('archive scheduling: one job per mailbox at a time, at most M mailboxes, the daily budget', () => {
  let database: TTestDatabase;
  let app: FastifyInstance;
  let admin: TBrowser;
  const archiver = createFakeMailboxArchiver();
  const clock = createMutableClock();
  const names = ['alice', 'bob', 'carol', 'dan'];

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ app, admin } = await startArchivingApp(database, archiver, {
      clock,
      env: { ARCHIVE_MAX_MAILBOXES: '2', ARCHIVE_DAILY_BUDGET_MB: '1' },
    }));
    for (const name of names) await createMailboxUser(database, name);
    await saveProfile(admin, DEFAULT_PROFILE_INPUT);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('archives at most ARCHIVE_MAX_MAILBOXES mailboxes at once', async () => {
    const releases = names.map((name) => archiver.hold(`${name}@example.com`));
    const runId = await startRun(admin);
    await waitFor(() => archiver.maxActive === 2, 'two mailboxes to run');
    // Give the queue every chance to start a third one.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(archiver.maxActive).toBe(2);
    expect((await getRun(admin, runId)).mailboxes).toMatchObject({ running: 2, queued: 2 });
    for (const release of releases) release();
    expect((await waitForRun(admin, runId)).status).toBe('SUCCEEDED');
    expect(archiver.maxActive).toBe(2);
  });

  it('never archives one mailbox twice at once when runs overlap: the second waits for the first', async () => {
    for (const name of names) archiver.script(`${name}@example.com`, () => completeResult({ bytes: 1000 }));
    const release = archiver.hold('alice@example.com');
    const first = await startRun(admin);
    await waitFor(() => archiver.isRunning('alice@example.com'), 'alice to start');
    const second = await startRun(admin);
    // The other mailboxes of the second run finish; alice's waits behind the first run's.
    await waitFor(
      async () => (await getRun(admin, second)).mailboxes.complete === 3,
      "the second run's other mailboxes",
    );
    const waiting = await getRun(admin, second);
    expect(waiting.items.find((item) => item.userEmail === 'alice@example.com')?.status).toBe('QUEUED');
    release();
    expect((await waitForRun(admin, first)).status).toBe('SUCCEEDED');
    expect((await waitForRun(admin, second)).status).toBe('SUCCEEDED');
    expect(archiver.mailboxRunTwiceAtOnce).toBe(false);
  });

  it('keeps a download ledger per account, pauses a mailbox past its budget and resumes it a day later', async () => {
    archiver.script('bob@example.com', (_target, hooks) => {
      hooks.onProgress({
        folder: '[Gmail]/All Mail',
        messagesDone: 1,
        messagesTotal: 2,
        bytesDone: 0.6 * MB,
      });
      return completeResult({ bytes: 1_200_000 });
    });
    const ledgerBefore = await ledgerBytes('bob@example.com');
    const first = await waitForRun(admin, await startRun(admin));
    expect(first.status).toBe('SUCCEEDED');
    expect((await ledgerBytes('bob@example.com')) - ledgerBefore).toBe(1_200_000);
    const bobCall = archiver.calls.filter((call) => call.userEmail === 'bob@example.com').at(-1);
    expect(bobCall?.hooks.remainingBudgetBytes).toBeLessThanOrEqual(1 * MB);

    const callsBefore = archiver.calls.filter((call) => call.userEmail === 'bob@example.com').length;
    const pausedRun = await waitForRun(admin, await startRun(admin));
    expect(pausedRun.status).toBe('PAUSED');
    const bob = pausedRun.items.find((item) => item.userEmail === 'bob@example.com');
    expect(bob).toMatchObject({ status: 'PAUSED', problem: { code: 'DAILY_BUDGET_EXHAUSTED' } });
    const resumeAt = new Date(bob?.resumeAt ?? 0).getTime();
    expect(resumeAt).toBeGreaterThan(clock.now().getTime() + 23 * 60 * 60 * 1000);
    expect(archiver.calls.filter((call) => call.userEmail === 'bob@example.com')).toHaveLength(callsBefore);

    // Not yet due: the tick leaves it paused.
    await app.services.archiving.tick();
    expect((await getRun(admin, pausedRun.id)).status).toBe('PAUSED');

    clock.set(new Date(resumeAt + 1000));
    archiver.script('bob@example.com', () => completeResult({ bytes: 1000 }));
    await app.services.archiving.tick();
    // A day later the admin's session has expired; sign in again to read the report.
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    const resumed = await waitForRun(admin, pausedRun.id);
    expect(resumed.status).toBe('SUCCEEDED');
    expect(resumed.items.find((item) => item.userEmail === 'bob@example.com')).toMatchObject({
      status: 'COMPLETE',
      problem: null,
      resumeAt: null,
    });
  });

  it('starts a scheduled run from the tick once per slot, and none while the last one is still going', async () => {
    await saveProfile(admin, { ...DEFAULT_PROFILE_INPUT, schedule: { mode: 'HOURLY', time: '00:00' } });
    const scheduledRuns = () => database.prisma.archiveRun.findMany({ where: { trigger: 'SCHEDULED' } });
    const before = (await scheduledRuns()).length;
    await app.services.archiving.tick();
    expect(await scheduledRuns()).toHaveLength(before);
    const release = archiver.hold('alice@example.com');
    clock.advance(60 * 60 * 1000);
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    await app.services.archiving.tick();
    await app.services.archiving.tick();
    const scheduled = await scheduledRuns();
    expect(scheduled).toHaveLength(before + 1);
    // The next slot comes while alice still archives: no second run piles up behind the first.
    await waitFor(() => archiver.isRunning('alice@example.com'), 'alice to start');
    clock.advance(60 * 60 * 1000);
    await app.services.archiving.tick();
    expect(await scheduledRuns()).toHaveLength(before + 1);
    release();
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    await waitForRun(admin, scheduled[0]?.id ?? '');
    await saveProfile(admin, DEFAULT_PROFILE_INPUT);
  });

  it('queues again a mailbox whose instance died mid-run (no heartbeat), and finishes it', async () => {
    await saveProfile(admin, DEFAULT_PROFILE_INPUT);
    const release = archiver.hold('carol@example.com');
    const runId = await startRun(admin);
    await waitFor(() => archiver.isRunning('carol@example.com'), 'carol to start');
    // What a crashed instance leaves behind: a RUNNING row whose heartbeat stopped, no job, no lock.
    const carolRow = await database.prisma.archiveRunMailbox.findFirstOrThrow({
      where: { runId, userEmail: 'carol@example.com' },
    });
    release();
    await waitForRun(admin, runId);
    await database.prisma.archiveRunMailbox.update({
      where: { id: carolRow.id },
      data: { status: 'RUNNING', heartbeatAt: new Date(clock.now().getTime() - 10 * 60 * 1000) },
    });
    await database.prisma.archiveRun.update({
      where: { id: runId },
      data: { status: 'RUNNING', finishedAt: null },
    });
    const callsBefore = archiver.calls.filter((call) => call.userEmail === 'carol@example.com').length;
    await app.services.archiving.tick();
    const recovered = await waitForRun(admin, runId);
    expect(recovered.status).toBe('SUCCEEDED');
    expect(archiver.calls.filter((call) => call.userEmail === 'carol@example.com')).toHaveLength(
      callsBefore + 1,
    );
  });

  async function ledgerBytes(userEmail: string): Promise<number> {
    const sum = await database.prisma.archiveDownloadLedger.aggregate({
      where: { userEmail },
      _sum: { bytes: true },
    });
    return Number(sum._sum.bytes ?? 0n);
  }
});
