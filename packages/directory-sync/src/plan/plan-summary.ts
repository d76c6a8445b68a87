import type { TPlanKind, TPlanReason, TSyncPlan } from './plan.types';

export type TPlanSummary = {
  byKind: Record<TPlanKind | 'unchanged', number>;
  /** An update counts once under each of its reasons, so these may add up to more than the items. */
  byReason: Partial<Record<TPlanReason, number>>;
  /** Items that change the database when the plan is applied (creates, updates, deletes). */
  totalChanges: number;
};

export function summarizePlan(plan: TSyncPlan): TPlanSummary {
  const byReason: Partial<Record<TPlanReason, number>> = {};
  const count = (reason: TPlanReason) => {
    byReason[reason] = (byReason[reason] ?? 0) + 1;
  };
  for (const item of plan.creates) count(item.reason);
  for (const item of plan.updates) for (const reason of item.reasons) count(reason);
  for (const item of plan.deletes) count(item.reason);
  for (const item of plan.kept) count(item.reason);
  for (const item of plan.conflicts) count(item.reason);
  return {
    byKind: {
      create: plan.creates.length,
      update: plan.updates.length,
      delete: plan.deletes.length,
      keep: plan.kept.length,
      conflict: plan.conflicts.length,
      unchanged: plan.unchangedCount,
    },
    byReason,
    totalChanges: plan.creates.length + plan.updates.length + plan.deletes.length,
  };
}
