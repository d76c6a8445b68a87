import type { Prisma } from '@wac/db';
import type { TConflict, TCreate, TDelete, TKept, TUpdate } from '../plan/plan.types';

export type TChangeOutcome = 'PLANNED' | 'APPLIED' | 'HELD' | 'SKIPPED';

export type TChangeRow = Prisma.SyncChangeCreateManyInput;

export type TDiffEntry = {
  field: string;
  from: Prisma.InputJsonValue | null;
  to: Prisma.InputJsonValue | null;
};

/** A create's "diff" shows the values the new user gets, so the plan table can show them too. */
export function createDiff(item: TCreate): TDiffEntry[] {
  const diff: TDiffEntry[] = [
    { field: 'fullName', from: null, to: item.fullName },
    { field: 'emails', from: null, to: item.emails },
  ];
  if (item.isSuspended) diff.push({ field: 'isSuspended', from: null, to: true });
  return diff;
}

export function createRow(
  runId: string,
  item: TCreate,
  outcome: TChangeOutcome,
  userId?: string,
): TChangeRow {
  return {
    runId,
    kind: 'CREATE',
    outcome,
    userId: userId ?? null,
    googleUserId: item.googleUserId,
    userName: item.userName,
    reason: item.reason,
    reasonText: item.reasonText,
    diff: createDiff(item),
  };
}

export function updateRow(runId: string, item: TUpdate, outcome: TChangeOutcome): TChangeRow {
  return {
    runId,
    kind: 'UPDATE',
    outcome,
    userId: item.userId,
    googleUserId: item.googleUserId,
    userName: item.userName,
    reason: item.reason,
    reasonText: item.reasonText,
    diff: item.changes.map(({ field, from, to }): TDiffEntry => ({ field, from, to })),
  };
}

export function removalRow(runId: string, item: TDelete | TKept, outcome: TChangeOutcome): TChangeRow {
  return {
    runId,
    kind: item.kind === 'delete' ? 'DELETE' : 'KEEP',
    outcome,
    userId: item.userId,
    googleUserId: item.googleUserId,
    userName: item.userName,
    reason: item.reason,
    reasonText: item.reasonText,
  };
}

export function conflictRow(runId: string, item: TConflict, outcome: TChangeOutcome): TChangeRow {
  return {
    runId,
    kind: 'CONFLICT',
    outcome,
    userId: item.existingUserId,
    googleUserId: item.googleUserId,
    userName: item.userName,
    reason: item.reason,
    reasonText: item.reasonText,
  };
}
