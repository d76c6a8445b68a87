import { ApplyChangeError } from '../execute/batch-isolation';
import { applyPlan } from '../execute/plan.executor';
import type { TSqlClient } from '../execute/sql-transaction';
import {
  conflictRow,
  createRow,
  removalRow,
  type TChangeOutcome,
  updateRow,
} from '../history/sync-change.rows';
import { insertMappedRows } from '../history/sync-change.writer';
import { splitByDeletions, type TDependentSplit } from '../plan/deletion-dependents';
import { planDirectorySync } from '../plan/directory-sync.planner';
import type { TSyncPlan } from '../plan/plan.types';
import { summarizePlan } from '../plan/plan-summary';
import { loadDbUserFingerprints, loadDbUsersByGoogleIds } from '../read/db-user.loader';
import { readGoogleDirectory } from '../read/google-directory.reader';
import { loadOrphanedFolders } from '../read/orphaned-folder.loader';
import type { TSyncSettings } from '../settings/sync-settings.types';
import { exceedsDeletionThreshold } from './deletion-threshold';
import { openRunConnection, tryAcquireRunLock } from './run-lock';
import { createRunProgress, type TRunProgress } from './run-progress.reporter';
import { describeSyncFailure } from './sync-error';
import type { TSyncRunnerDeps } from './sync-run.context';
import { claimRun, finishRun, type TRunOutcome } from './sync-run.status';
import { loadRunToExecute, writePlanCounts } from './sync-run.store';
import { createUnchangedFilter } from './unchanged-users.filter';

const PARALLEL_CREATES_FROM = 5_000;

/**
 * Hands out the listing once and lets go of each user as the planner takes it, so the listing
 * and the planner's own copy of it are never both whole in memory.
 */
function* drain<T>(items: (T | undefined)[]): Generator<T> {
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as T;
    items[index] = undefined;
    yield item;
  }
}

/** Reads Google and the database afresh and plans with the shared planner. */
export async function readAndPlan(
  deps: TSyncRunnerDeps,
  sql: TSqlClient,
  settings: TSyncSettings,
  progress: TRunProgress,
): Promise<TSyncPlan> {
  const { tracker } = progress;
  const directory = await deps.createDirectory({ onProgress: progress.onListingPage });
  // The database is read while Google's first pages come in; each user is then compared with
  // its stored fingerprint as it arrives, while Google prepares the next page.
  const fingerprintsRead = loadDbUserFingerprints(sql);
  fingerprintsRead.catch(() => {});
  let filter: ReturnType<typeof createUnchangedFilter> | undefined;
  const google = await readGoogleDirectory(directory, settings.groups, {
    onPhase: (phase) => tracker.phase(phase),
    onUsersRead: (usersRead) => tracker.update({ usersRead }),
    prepare: async () => {
      filter = createUnchangedFilter(await fingerprintsRead);
    },
    onUser: (user) => filter?.observe(user),
    ...(deps.parallelQueriesPerMinute === undefined
      ? {}
      : { parallelQueriesPerMinute: deps.parallelQueriesPerMinute }),
  });
  tracker.phase('loading-database');
  const fingerprints = await fingerprintsRead;
  filter ??= createUnchangedFilter(fingerprints);
  const split = filter.finish(google.users, google.inScopeUserIds);
  // Neither the digests nor the listing are needed any more: let them go before the planner allocates.
  fingerprints.linked.clear();
  google.users.length = 0;
  const linkedToPlan = await loadDbUsersByGoogleIds(sql, split.googleUserIdsToPlan);
  const orphanedFolders = await loadOrphanedFolders(sql);
  tracker.phase('planning');
  const plan = planDirectorySync({
    googleUsers: drain(split.googleUsers),
    inScopeUserIds: google.inScopeUserIds,
    orphanedFolders,
    dbUsers: [...fingerprints.others, ...linkedToPlan],
    settings: { autoDelete: settings.autoDelete, defaultPrivileges: settings.defaultPrivileges },
  });
  const unchanged = split.unchangedCount;
  plan.unchangedCount += unchanged;
  plan.counts.unchanged += unchanged;
  plan.counts.googleUsersInScope += unchanged;
  plan.counts.directoryUsers += unchanged;
  tracker.update({ usersPlanned: plan.counts.googleUsersInScope });
  return plan;
}

function heldText(item: { reasonText: string }, waitsFor: string | undefined, names: Map<string, string>) {
  const name = waitsFor === undefined ? undefined : names.get(waitsFor);
  return `${item.reasonText} (held: takes the user name of ${name ?? 'a user'} whose deletion waits for confirmation)`;
}

async function recordUnappliedItems(
  sql: TSqlClient,
  runId: string,
  plan: TSyncPlan,
  isDryRun: boolean,
  held: TDependentSplit | null,
): Promise<void> {
  const isHeld = held !== null;
  const skipped: TChangeOutcome = isDryRun ? 'PLANNED' : 'SKIPPED';
  if (isDryRun) {
    await insertMappedRows(sql, runId, plan.creates, (item) => createRow(runId, item, 'PLANNED'));
    await insertMappedRows(sql, runId, plan.updates, (item) => updateRow(runId, item, 'PLANNED'));
    await insertMappedRows(sql, runId, plan.deletes, (item) => removalRow(runId, item, 'PLANNED'));
  } else if (isHeld) {
    await insertMappedRows(sql, runId, plan.deletes, (item) => removalRow(runId, item, 'HELD'));
    const names = new Map(plan.deletes.map((item) => [item.userId, item.userName]));
    await insertMappedRows(sql, runId, held.heldCreates, (item) =>
      createRow(runId, { ...item, reasonText: heldText(item, held.waitsFor.get(item), names) }, 'HELD'),
    );
    await insertMappedRows(sql, runId, held.heldUpdates, (item) =>
      updateRow(runId, { ...item, reasonText: heldText(item, held.waitsFor.get(item), names) }, 'HELD'),
    );
  }
  await insertMappedRows(sql, runId, plan.kept, (item) => removalRow(runId, item, skipped));
  await insertMappedRows(sql, runId, plan.conflicts, (item) => conflictRow(runId, item, skipped));
}

/**
 * Executes one run created by startRun: Test Settings (dry run: history only) or Synchronize
 * now (commit). Never throws: a failure is recorded on the run, with nothing applied when the
 * read was incomplete, because nothing is applied before the whole directory has been read.
 * 'skipped' when the run is not this call's to execute (claimed elsewhere, or already done).
 */
export async function executeSyncRun(deps: TSyncRunnerDeps, runId: string): Promise<TRunOutcome | 'skipped'> {
  const now = deps.now ?? (() => new Date());
  // Whoever holds the lock executes (another run, or in a race this same run): stay away.
  const lock = await tryAcquireRunLock(deps.databaseUrl);
  if (lock === null) {
    deps.log.warn({ runId }, 'directory sync: another execution holds the lock; not executing');
    return 'skipped';
  }
  // Progress and the outcome go over a connection of their own: the lock's carries the bulk transactions.
  const books = await openRunConnection(deps.databaseUrl).catch(async (error: unknown) => {
    await lock.release();
    throw error;
  });
  const progress = createRunProgress(deps, runId, books);
  const { tracker } = progress;
  const finish = async (outcome: TRunOutcome) => {
    await progress.settle();
    await finishRun(books, runId, outcome, now());
    deps.onProgress?.(runId, { ...outcome.progress, phase: 'finished' });
    return outcome;
  };

  try {
    if (!(await claimRun(books, runId, now(), { isConfirmation: false }))) {
      deps.log.warn({ runId }, 'directory sync: the run is not queued (already executed?); not executing');
      return 'skipped';
    }
    const run = await loadRunToExecute(books, runId);
    const { settings } = run;
    deps.log.info(
      { runId, isDryRun: run.isDryRun, groups: settings.groups.length },
      'directory sync started',
    );

    const plan = await readAndPlan(deps, lock.client, settings, progress);
    const summary = summarizePlan(plan);
    await writePlanCounts(books, runId, plan.counts, summary);

    const isHeld =
      !run.isDryRun &&
      exceedsDeletionThreshold(plan.deletes.length, plan.counts.directoryUsers, settings.deletionThreshold);
    // Held deletions hold back the creates and renames waiting for the names they would free.
    const held = isHeld ? splitByDeletions(plan, new Set(plan.deletes.map((item) => item.userId))) : null;
    tracker.phase('recording-plan');
    await recordUnappliedItems(lock.client, runId, plan, run.isDryRun, held);

    let applied = 0;
    if (!run.isDryRun) {
      const deletes = isHeld ? [] : plan.deletes;
      const creates = held?.creates ?? plan.creates;
      const updates = held?.updates ?? plan.updates;
      tracker.update({ changesToApply: creates.length + updates.length + deletes.length });
      tracker.phase('applying');
      // A second connection pays off only for a large number of creates (a first sync).
      const extra = creates.length > PARALLEL_CREATES_FROM ? [await openRunConnection(deps.databaseUrl)] : [];
      try {
        const result = await applyPlan({
          sql: lock.client,
          extraSql: extra,
          runId,
          creates,
          updates,
          deletes,
          archiveAccess: settings.defaultArchiveAccess,
          ...(deps.batchSize === undefined ? {} : { batchSize: deps.batchSize }),
          onApplied: (changesApplied) => tracker.update({ changesApplied }),
          now,
        });
        applied = result.created + result.updated + result.deleted;
      } catch (error) {
        if (error instanceof ApplyChangeError) {
          const { created, updated, deleted } = error.applied;
          applied = created + updated + deleted;
          tracker.update({ changesApplied: applied });
        }
        throw error;
      } finally {
        await Promise.all(extra.map((client) => client.end().catch(() => undefined)));
      }
      tracker.update({ changesApplied: applied });
    }
    deps.log.info({ runId, ...plan.counts, applied, isHeld }, 'directory sync finished');
    return await finish({
      status: isHeld ? 'HELD_FOR_CONFIRMATION' : 'SUCCEEDED',
      progress: tracker.current,
      appliedChangeCount: applied,
      heldDeletionCount: isHeld ? plan.deletes.length : 0,
    });
  } catch (error) {
    const failure = describeSyncFailure(error);
    deps.log[failure.isExpected ? 'warn' : 'error'](
      { runId, err: error },
      `directory sync failed: ${failure.code}`,
    );
    const appliedChangeCount =
      error instanceof ApplyChangeError
        ? error.applied.created + error.applied.updated + error.applied.deleted
        : undefined;
    return await finish({
      status: 'FAILED',
      progress: tracker.current,
      error: failure,
      ...(appliedChangeCount === undefined ? {} : { appliedChangeCount }),
    });
  } finally {
    await books.end().catch(() => undefined);
    await lock.release();
  }
}
