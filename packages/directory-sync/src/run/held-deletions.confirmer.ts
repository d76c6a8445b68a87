import { applyPlan } from '../execute/plan.executor';
import { splitByDeletions } from '../plan/deletion-dependents';
import type { TSyncSettings } from '../settings/sync-settings.types';
import { readAndPlan } from './directory-sync.runner';
import {
  deleteConfirmed,
  dropAppliedDependents,
  heldDeletionUserIds,
  loadHeldRun,
  restoreDuration,
  skipUnconfirmed,
  type THeldRun,
} from './held-deletions.store';
import { openRunConnection, tryAcquireRunLock } from './run-lock';
import { createRunProgress } from './run-progress.reporter';
import { describeSyncFailure } from './sync-error';
import type { TSyncRunnerDeps } from './sync-run.context';
import { claimRun, finishRun, putBackOnHold, type TRunOutcome } from './sync-run.status';

/**
 * Applies the deletions an admin confirmed, but only those a fresh read of Google (with the
 * current settings) still calls for: the held list may be hours old, and a user who came back,
 * or a switched-off "Automatically delete users", must win over the stale decision.
 * Expects the run re-opened by startConfirmation. A failure puts the run back on hold.
 */
export async function confirmHeldDeletions(
  deps: TSyncRunnerDeps,
  runId: string,
  settings: TSyncSettings,
): Promise<TRunOutcome | 'skipped'> {
  const now = deps.now ?? (() => new Date());
  const lock = await tryAcquireRunLock(deps.databaseUrl);
  if (lock === null) {
    deps.log.warn({ runId }, 'confirming deletions: another execution holds the lock; not executing');
    return 'skipped';
  }
  // Progress and the outcome go over a connection of their own: the lock's carries the bulk transactions.
  const books = await openRunConnection(deps.databaseUrl).catch(async (error: unknown) => {
    await lock.release();
    throw error;
  });
  const progress = createRunProgress(deps, runId, books);
  const { tracker } = progress;
  const finish = async (outcome: TRunOutcome, run: THeldRun) => {
    await progress.settle();
    await finishRun(books, runId, outcome, now());
    await restoreDuration(books, runId, run.durationMs);
    deps.onProgress?.(runId, { ...outcome.progress, phase: 'finished' });
    return outcome;
  };

  let run: THeldRun | undefined;
  try {
    run = await loadHeldRun(books, runId);
    if (!(await claimRun(books, runId, now(), { isConfirmation: true }))) return 'skipped';
    const held = await heldDeletionUserIds(books, runId);
    const plan = await readAndPlan(deps, lock.client, settings, progress);
    const confirmed = plan.deletes.filter((item) => held.has(item.userId)).map((item) => item.userId);
    // The creates and renames that waited for these deletions' user names go with them; the
    // fresh plan's other changes are left to the next sync.
    const dependents = splitByDeletions(plan, new Set(confirmed));
    const waiting = [...dependents.heldCreates, ...dependents.heldUpdates];
    tracker.update({ changesToApply: confirmed.length + waiting.length });
    tracker.phase('applying');
    const deleted = await deleteConfirmed(lock.client, runId, confirmed, now(), (changesApplied) =>
      tracker.update({ changesApplied }),
    );
    const result = await applyPlan({
      sql: lock.client,
      runId,
      creates: dependents.heldCreates,
      updates: dependents.heldUpdates,
      deletes: [],
      archiveAccess: settings.defaultArchiveAccess,
      ...(deps.batchSize === undefined ? {} : { batchSize: deps.batchSize }),
      onApplied: (applied) => tracker.update({ changesApplied: deleted + applied }),
      now,
    });
    await dropAppliedDependents(
      lock.client,
      runId,
      waiting.map((item) => item.googleUserId),
    );
    const skipped = await skipUnconfirmed(lock.client, runId);
    const dependentsApplied = result.created + result.updated;
    deps.log.info({ runId, deleted, dependentsApplied, skipped }, 'held deletions confirmed');
    return await finish(
      {
        status: 'SUCCEEDED',
        progress: tracker.current,
        appliedChangeCount: run.appliedChangeCount + deleted + dependentsApplied,
        heldDeletionCount: run.heldDeletionCount,
      },
      run,
    );
  } catch (error) {
    const failure = describeSyncFailure(error);
    deps.log[failure.isExpected ? 'warn' : 'error'](
      { runId, err: error },
      `confirming deletions failed: ${failure.code}`,
    );
    if (run === undefined) throw error;
    // Back on hold, to be confirmed again.
    const outcome = await finish(
      {
        status: 'HELD_FOR_CONFIRMATION',
        progress: tracker.current,
        error: { code: failure.code, message: `Nothing was deleted: ${failure.message}` },
      },
      run,
    );
    await putBackOnHold(books, runId);
    return outcome;
  } finally {
    await books.end().catch(() => undefined);
    await lock.release();
  }
}
