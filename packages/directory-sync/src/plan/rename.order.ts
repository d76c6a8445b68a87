import type { TUpdate } from './plan.types';

function previousUserName(update: TUpdate): string | null {
  for (const change of update.changes) if (change.field === 'userName') return change.from.toLowerCase();
  return null;
}

/**
 * Orders updates so that a rename giving up a name comes before the rename taking it: applied one
 * by one, the unique user name never sees two holders. Each rename waits for at most one other,
 * so walking the chains is linear. A cycle (two users swapping names) cannot be ordered; the
 * executor has to pass such renames through temporary names.
 */
export function orderRenames(updates: readonly TUpdate[]): TUpdate[] {
  const byPreviousName = new Map<string, TUpdate>();
  for (const update of updates) {
    const previous = previousUserName(update);
    if (previous !== null && previous !== update.userName) byPreviousName.set(previous, update);
  }
  if (byPreviousName.size === 0) return [...updates];
  const placed = new Set<TUpdate>();
  const ordered: TUpdate[] = [];
  for (const update of updates) {
    const chain: TUpdate[] = [];
    const inChain = new Set<TUpdate>();
    for (
      let next: TUpdate | undefined = update;
      next && !placed.has(next) && !inChain.has(next);
      next = byPreviousName.get(next.userName)
    ) {
      chain.push(next);
      inChain.add(next);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const item = chain[i]!;
      placed.add(item);
      ordered.push(item);
    }
  }
  return ordered;
}
