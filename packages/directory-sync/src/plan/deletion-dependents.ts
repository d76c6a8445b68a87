import type { TCreate, TUpdate } from './plan.types';

export type TDependentSplit = {
  creates: TCreate[];
  updates: TUpdate[];
  /** Creates and renames that take a user name only a deletion in `deletedUserIds` frees. */
  heldCreates: TCreate[];
  heldUpdates: TUpdate[];
  /** For each held item, the user whose deletion it waits for (at the end of a chain of renames). */
  waitsFor: Map<TCreate | TUpdate, string>;
};

/**
 * The planner lets a create or rename take a user name that a deletion (or another rename) of the
 * same plan frees. When some deletions are not applied (held above the threshold), the changes that
 * rely on them must wait too, or the new holder would meet the old one on the unique user name:
 * a held rename keeps its old name, so whoever takes that name waits as well, down the chain.
 * Everything else goes ahead.
 */
export function splitByDeletions(
  plan: { creates: readonly TCreate[]; updates: readonly TUpdate[] },
  deletedUserIds: ReadonlySet<string>,
): TDependentSplit {
  const takers = new Map<string, (TCreate | TUpdate)[]>();
  for (const item of [...plan.creates, ...plan.updates]) {
    const from = item.takesNameFrom;
    if (from === null || from === undefined) continue;
    const list = takers.get(from);
    if (list) list.push(item);
    else takers.set(from, [item]);
  }
  const waitsFor = new Map<TCreate | TUpdate, string>();
  const toVisit = [...deletedUserIds].map((userId) => ({ userId, root: userId }));
  for (let next = toVisit.pop(); next !== undefined; next = toVisit.pop()) {
    for (const item of takers.get(next.userId) ?? []) {
      if (waitsFor.has(item)) continue;
      waitsFor.set(item, next.root);
      if (item.kind === 'update') toVisit.push({ userId: item.userId, root: next.root });
    }
  }
  const split: TDependentSplit = { creates: [], updates: [], heldCreates: [], heldUpdates: [], waitsFor };
  for (const item of plan.creates) (waitsFor.has(item) ? split.heldCreates : split.creates).push(item);
  for (const item of plan.updates) (waitsFor.has(item) ? split.heldUpdates : split.updates).push(item);
  return split;
}
