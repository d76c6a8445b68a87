import type { TSyncSettings } from '../settings/sync-settings.types';
import { readAndPlan } from './directory-sync.runner';
import { deleteConfirmed, heldDeletionUserIds, skipUnconfirmed } from './held-deletions.repository';
import { tryAcquireRunLock } from './run-lock';
import { createRunProgress } from './run-progress.reporter';
import { describeSyncFailure } from './sync-error';
import type { TSyncRunnerDeps } from './sync-run.context';
import { claimRun, finishRun, type TRunOutcome } from './sync-run.repository';

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
  const progress = createRunProgress(deps, runId);
  const { tracker } = progress;
  const run = await deps.prisma.syncRun.findUniqueOrThrow({
    where: { id: runId },
    select: { appliedChangeCount: true, heldDeletionCount: true, durationMs: true },
  });
  const finish = async (outcome: TRunOutcome) => {
    await progress.settle();
    await finishRun(deps.prisma, runId, outcome, now());
    // The duration in the history stays the original run's; the confirmation is its own event.
    await deps.prisma.syncRun.update({ where: { id: runId }, data: { durationMs: run.durationMs } });
    deps.onProgress?.(runId, { ...outcome.progress, phase: 'finished' });
    return outcome;
  };
  const hold = async (code: string, message: string) => {
    const outcome = await finish({
      status: 'HELD_FOR_CONFIRMATION',
      progress: tracker.current,
      error: { code, message },
    });
    await deps.prisma.syncRun.update({
      where: { id: runId },
      data: { confirmedById: null, confirmedByName: null, confirmedAt: null },
    });
    return outcome;
  };

  const lock = await tryAcquireRunLock(deps.databaseUrl);
  if (lock === null) {
    deps.log.warn({ runId }, 'confirming deletions: another execution holds the lock; not executing');
    return 'skipped';
  }
  try {
    if (!(await claimRun(deps.prisma, runId, now(), { isConfirmation: true }))) return 'skipped';
    const held = await heldDeletionUserIds(deps.prisma, runId);
    const plan = await readAndPlan(deps, lock.client, settings, progress);
    const confirmed = plan.deletes.filter((item) => held.has(item.userId)).map((item) => item.userId);
    tracker.update({ changesToApply: confirmed.length });
    tracker.phase('applying');
    const deleted = await deleteConfirmed(deps.prisma, runId, confirmed, (changesApplied) =>
      tracker.update({ changesApplied }),
    );
    const skipped = await skipUnconfirmed(deps.prisma, runId);
    deps.log.info({ runId, deleted, skipped }, 'held deletions confirmed');
    return finish({
      status: 'SUCCEEDED',
      progress: tracker.current,
      appliedChangeCount: run.appliedChangeCount + deleted,
      heldDeletionCount: run.heldDeletionCount,
    });
  } catch (error) {
    const failure = describeSyncFailure(error);
    deps.log[failure.isExpected ? 'warn' : 'error'](
      { runId, err: error },
      `confirming deletions failed: ${failure.code}`,
    );
    return hold(failure.code, `Nothing was deleted: ${failure.message}`);
  } finally {
    await lock.release();
  }
}
