import type { Prisma } from '@wac/db';
import type { TDb } from '../../lib/db';

export const RUN_SUMMARY_SELECT = {
  id: true,
  isDryRun: true,
  trigger: true,
  status: true,
  requestedByName: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  phase: true,
  progress: true,
  googleUserCount: true,
  createCount: true,
  updateCount: true,
  deleteCount: true,
  keepCount: true,
  conflictCount: true,
  unchangedCount: true,
  heldDeletionCount: true,
  appliedChangeCount: true,
  errorCode: true,
  errorMessage: true,
  confirmedByName: true,
  confirmedAt: true,
} as const satisfies Prisma.SyncRunSelect;

export type TRunSummaryRow = Prisma.SyncRunGetPayload<{ select: typeof RUN_SUMMARY_SELECT }>;

export async function listRuns(db: TDb, page: number, pageSize: number) {
  const [items, total] = await Promise.all([
    db.syncRun.findMany({
      select: RUN_SUMMARY_SELECT,
      orderBy: { createdAt: 'desc' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.syncRun.count(),
  ]);
  return { items, total };
}

export function findRunSummary(db: TDb, id: string) {
  return db.syncRun.findUnique({ where: { id }, select: RUN_SUMMARY_SELECT });
}

export function findRunDetail(db: TDb, id: string) {
  return db.syncRun.findUnique({
    where: { id },
    select: { ...RUN_SUMMARY_SELECT, summary: true, settings: true },
  });
}

export async function listChanges(
  db: TDb,
  runId: string,
  filter: { kind?: Prisma.SyncChangeWhereInput['kind']; search: string; page: number; pageSize: number },
) {
  const where: Prisma.SyncChangeWhereInput = {
    runId,
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.search ? { userName: { contains: filter.search, mode: 'insensitive' } } : {}),
  };
  const [items, total] = await Promise.all([
    db.syncChange.findMany({
      where,
      orderBy: { id: 'asc' },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    }),
    db.syncChange.count({ where }),
  ]);
  return { items, total };
}

export function findLatestCommitRun(db: TDb) {
  return db.syncRun.findFirst({
    where: { isDryRun: false },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true, trigger: true },
  });
}
