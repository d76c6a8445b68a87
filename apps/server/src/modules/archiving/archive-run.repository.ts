import { Prisma } from '@wac/db';
import type { TDb, TPrisma } from '../../lib/db';
import type { TStoredProfile } from './archive-profile.repository';
import type { TArchiveMailboxStatus, TArchiveRunDetailQuery, TArchiveRunStatus } from './archiving.schemas';
import type { TSelectedMailbox } from './mailbox-selection';
import { emptyCounts, isRunFinished, runStatusOf, type TMailboxStatusCounts } from './run-verdict';

export const RUN_SELECT = {
  id: true,
  isEstimate: true,
  trigger: true,
  status: true,
  requestedByName: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  mailboxCount: true,
  errorCode: true,
  errorMessage: true,
} as const satisfies Prisma.ArchiveRunSelect;

export type TRunRow = Prisma.ArchiveRunGetPayload<{ select: typeof RUN_SELECT }>;
export type TMailboxRow = Prisma.ArchiveRunMailboxGetPayload<object>;

export type TRunAggregate = {
  counts: TMailboxStatusCounts;
  archived: number;
  alreadyArchived: number;
  failedMessages: number;
  bytes: number;
  estimatedMessages: number | null;
  estimatedBytes: number | null;
  progressMessagesDone: number;
  progressMessagesTotal: number;
};

export async function createRun(
  db: TDb,
  input: {
    isEstimate: boolean;
    trigger: 'MANUAL' | 'SCHEDULED';
    requestedBy: { id: string | null; name: string };
    profile: TStoredProfile;
    mailboxes: TSelectedMailbox[];
    now: Date;
  },
): Promise<{ runId: string; mailboxIds: string[] }> {
  const run = await db.archiveRun.create({
    data: {
      isEstimate: input.isEstimate,
      trigger: input.trigger,
      status: 'QUEUED',
      requestedById: input.requestedBy.id,
      requestedByName: input.requestedBy.name,
      createdAt: input.now,
      profile: input.profile as unknown as Prisma.InputJsonValue,
      mailboxCount: input.mailboxes.length,
    },
    select: { id: true },
  });
  const rows = await db.archiveRunMailbox.createManyAndReturn({
    data: input.mailboxes.map((mailbox) => ({
      runId: run.id,
      userId: mailbox.userId,
      userName: mailbox.userName,
      userEmail: mailbox.userEmail,
      archiveFolderId: mailbox.archiveFolderId,
      status: 'QUEUED' as const,
      bytes: 0n,
    })),
    select: { id: true },
  });
  return { runId: run.id, mailboxIds: rows.map((row) => row.id) };
}

export function findMailbox(db: TDb, id: string) {
  return db.archiveRunMailbox.findUnique({
    where: { id },
    include: { run: { select: { id: true, isEstimate: true, profile: true } } },
  });
}

/** QUEUED -> RUNNING; false when the row is already running or finished elsewhere. */
export async function claimMailbox(db: TDb, id: string, now: Date): Promise<boolean> {
  const claimed = await db.archiveRunMailbox.updateMany({
    where: { id, status: 'QUEUED' },
    data: { status: 'RUNNING', startedAt: now, heartbeatAt: now, resumeAt: null },
  });
  return claimed.count === 1;
}

/** Back to the queue (shutdown mid-mailbox, or a crashed instance's row found by the tick). */
export async function releaseMailbox(db: TDb, id: string): Promise<void> {
  await db.archiveRunMailbox.updateMany({ where: { id, status: 'RUNNING' }, data: { status: 'QUEUED' } });
}

/** RUNNING rows nobody has written to for a while: their instance died mid-mailbox. */
export async function requeueStaleMailboxes(db: TDb, staleBefore: Date) {
  const rows = await db.archiveRunMailbox.updateManyAndReturn({
    where: { status: 'RUNNING', heartbeatAt: { lt: staleBefore } },
    data: { status: 'QUEUED' },
    select: { id: true, runId: true, userEmail: true },
  });
  return rows.map((row) => ({ ...row, previousStatus: 'RUNNING' as const }));
}

/** Paused mailboxes whose wait is over go back to the queue; the caller sends their jobs. */
export async function requeueResumableMailboxes(db: TDb, now: Date) {
  const rows = await db.archiveRunMailbox.updateManyAndReturn({
    where: { status: 'PAUSED', resumeAt: { lte: now } },
    data: { status: 'QUEUED' },
    select: { id: true, runId: true, userEmail: true },
  });
  return rows.map((row) => ({ ...row, previousStatus: 'PAUSED' as const }));
}

/** Undoes a requeue whose job the queue refused, so the next tick finds the row again. */
export async function restoreMailboxStatus(
  db: TDb,
  row: { id: string; previousStatus: 'RUNNING' | 'PAUSED' },
): Promise<void> {
  await db.archiveRunMailbox.updateMany({
    where: { id: row.id, status: 'QUEUED' },
    data: { status: row.previousStatus },
  });
}

export async function saveMailboxProgress(db: TDb, id: string, progress: object, now: Date): Promise<void> {
  await db.archiveRunMailbox.update({
    where: { id },
    data: { progress: progress as Prisma.InputJsonValue, heartbeatAt: now },
  });
}

export type TMailboxOutcome = {
  status: Exclude<TArchiveMailboxStatus, 'QUEUED' | 'RUNNING'>;
  archived?: number;
  alreadyArchived?: number;
  failed?: { folder: string; uid: number; reason: string }[];
  failedCount?: number;
  bytes?: number;
  durationMs?: number;
  folders?: unknown[];
  estimatedMessages?: number;
  estimatedBytes?: number;
  isGmail?: boolean;
  problem?: { code: string; message: string; remedy: string } | null;
  resumeAt?: Date | null;
};

// A mailbox with thousands of failures would make its report row megabytes big; the count stays exact.
const FAILED_LIST_CAP = 500;

/**
 * Records a mailbox's verdict. Counts accumulate across the pauses of one run (a paused mailbox is
 * resumed on the same row), so the report shows the whole run's work.
 */
export async function finishMailbox(db: TDb, id: string, outcome: TMailboxOutcome, now: Date): Promise<void> {
  const failed = outcome.failed ?? [];
  await db.archiveRunMailbox.update({
    where: { id },
    data: {
      status: outcome.status,
      archivedCount: { increment: outcome.archived ?? 0 },
      alreadyArchived: outcome.alreadyArchived ?? 0,
      failedCount: outcome.failedCount ?? failed.length,
      failedMessages: failed.slice(0, FAILED_LIST_CAP) as unknown as Prisma.InputJsonValue,
      bytes: { increment: BigInt(Math.round(outcome.bytes ?? 0)) },
      durationMs: { set: outcome.durationMs ?? null },
      folders: (outcome.folders ?? []) as Prisma.InputJsonValue,
      ...(outcome.estimatedMessages === undefined ? {} : { estimatedMessages: outcome.estimatedMessages }),
      ...(outcome.estimatedBytes === undefined
        ? {}
        : { estimatedBytes: BigInt(Math.round(outcome.estimatedBytes)) }),
      ...(outcome.isGmail === undefined ? {} : { isGmail: outcome.isGmail }),
      problemCode: outcome.problem?.code ?? null,
      problemMessage: outcome.problem?.message ?? null,
      problemRemedy: outcome.problem?.remedy ?? null,
      resumeAt: outcome.resumeAt ?? null,
      progress: Prisma.DbNull,
      finishedAt: now,
      heartbeatAt: now,
    },
  });
}

export async function aggregateRuns(db: TDb, runIds: string[]): Promise<Map<string, TRunAggregate>> {
  const result = new Map<string, TRunAggregate>();
  if (runIds.length === 0) return result;
  const [groups, running] = await Promise.all([
    db.archiveRunMailbox.groupBy({
      by: ['runId', 'status'],
      where: { runId: { in: runIds } },
      _count: { _all: true },
      _sum: {
        archivedCount: true,
        alreadyArchived: true,
        failedCount: true,
        bytes: true,
        estimatedMessages: true,
        estimatedBytes: true,
      },
    }),
    db.archiveRunMailbox.findMany({
      where: { runId: { in: runIds }, status: 'RUNNING' },
      select: { runId: true, progress: true },
    }),
  ]);
  for (const runId of runIds) {
    result.set(runId, {
      counts: emptyCounts(),
      archived: 0,
      alreadyArchived: 0,
      failedMessages: 0,
      bytes: 0,
      estimatedMessages: null,
      estimatedBytes: null,
      progressMessagesDone: 0,
      progressMessagesTotal: 0,
    });
  }
  for (const group of groups) {
    const entry = result.get(group.runId);
    if (!entry) continue;
    entry.counts[group.status] += group._count._all;
    entry.archived += group._sum.archivedCount ?? 0;
    entry.alreadyArchived += group._sum.alreadyArchived ?? 0;
    entry.failedMessages += group._sum.failedCount ?? 0;
    entry.bytes += Number(group._sum.bytes ?? 0n);
    if (group._sum.estimatedMessages !== null) {
      entry.estimatedMessages = (entry.estimatedMessages ?? 0) + group._sum.estimatedMessages;
    }
    if (group._sum.estimatedBytes !== null) {
      entry.estimatedBytes = (entry.estimatedBytes ?? 0) + Number(group._sum.estimatedBytes);
    }
  }
  for (const row of running) {
    const entry = result.get(row.runId);
    const progress = row.progress as { messagesDone?: number; messagesTotal?: number } | null;
    if (!entry || progress === null) continue;
    entry.progressMessagesDone += progress.messagesDone ?? 0;
    entry.progressMessagesTotal += progress.messagesTotal ?? 0;
  }
  return result;
}

/**
 * Re-derives the run's status from its mailboxes after one of them changed. The run row is locked
 * first: two mailboxes finishing at once would otherwise each count the other as still running,
 * and the later write could leave a finished run RUNNING.
 */
/** Re-derives the run's status from its mailboxes; says whether this call is the one that finished it. */
export async function refreshRunStatus(
  prisma: TPrisma,
  runId: string,
  now: Date,
): Promise<{ status: TArchiveRunStatus; isNewlyFinished: boolean } | null> {
  return prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<
      { mailbox_count: number; started_at: Date | null; finished_at: Date | null }[]
    >`
      SELECT mailbox_count, started_at, finished_at FROM archive_runs WHERE id = ${runId}::uuid FOR UPDATE`;
    const run = locked[0];
    if (run === undefined) return null;
    const counts = (await aggregateRuns(tx, [runId])).get(runId)?.counts ?? emptyCounts();
    const status = runStatusOf(counts, run.mailbox_count);
    const isFinished = isRunFinished(status);
    await tx.archiveRun.update({
      where: { id: runId },
      data: {
        status,
        ...(status !== 'QUEUED' && run.started_at === null ? { startedAt: now } : {}),
        finishedAt: isFinished ? (run.finished_at ?? now) : null,
      },
    });
    return { status, isNewlyFinished: isFinished && run.finished_at === null };
  });
}

export async function failRun(db: TDb, runId: string, error: { code: string; message: string }, now: Date) {
  await db.archiveRun.update({
    where: { id: runId },
    data: { status: 'FAILED', errorCode: error.code, errorMessage: error.message, finishedAt: now },
  });
}

export async function listRuns(db: TDb, page: number, pageSize: number) {
  const [items, total] = await Promise.all([
    db.archiveRun.findMany({
      select: RUN_SELECT,
      orderBy: { createdAt: 'desc' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.archiveRun.count(),
  ]);
  return { items, total };
}

export function findRun(db: TDb, id: string) {
  return db.archiveRun.findUnique({ where: { id }, select: { ...RUN_SELECT, profile: true } });
}

export function findLatestArchiveRun(db: TDb) {
  return db.archiveRun.findFirst({
    where: { isEstimate: false },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true, status: true },
  });
}

export function listMailboxes(db: TDb, runId: string, query: TArchiveRunDetailQuery) {
  return db.archiveRunMailbox.findMany({
    where: { runId, ...(query.status ? { status: query.status } : {}) },
    orderBy: [{ userName: 'asc' }, { id: 'asc' }],
    skip: (query.page - 1) * query.pageSize,
    take: query.pageSize,
  });
}
