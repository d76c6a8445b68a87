import { INITIAL_PROGRESS, type TSyncProgress, type TSyncSettings } from '@wac/directory-sync';
import type { TRunDetail, TRunSummary } from './directory-sync.schemas';
import type { TRunSummaryRow } from './sync-history.repository';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export function toRunSummary(row: TRunSummaryRow): TRunSummary {
  const progress = { ...INITIAL_PROGRESS, ...(row.progress as Partial<TSyncProgress> | null) };
  return {
    id: row.id,
    isDryRun: row.isDryRun,
    trigger: row.trigger,
    status: row.status,
    requestedBy: row.requestedByName,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.durationMs,
    progress: { ...progress, phase: row.phase },
    counts: {
      googleUsers: row.googleUserCount,
      creates: row.createCount,
      updates: row.updateCount,
      deletes: row.deleteCount,
      kept: row.keepCount,
      conflicts: row.conflictCount,
      unchanged: row.unchangedCount,
      heldDeletions: row.heldDeletionCount,
      applied: row.appliedChangeCount,
    },
    error: row.errorCode === null ? null : { code: row.errorCode, message: row.errorMessage ?? '' },
    confirmedBy: row.confirmedByName,
    confirmedAt: iso(row.confirmedAt),
  };
}

export function toRunSettings(value: unknown): TRunDetail['settings'] {
  const settings = value as Partial<TSyncSettings> | null;
  return {
    groups: settings?.groups ?? [],
    autoDelete: settings?.autoDelete ?? false,
    defaultPrivileges: settings?.defaultPrivileges ?? [],
  };
}

export function toByReason(summary: unknown): Record<string, number> {
  const byReason = (summary as { byReason?: Record<string, number> } | null)?.byReason;
  return byReason ?? {};
}
