export {
  applyPlan,
  DEFAULT_APPLY_BATCH,
  type TApplyPlanOptions,
  type TApplyPlanResult,
} from './execute/plan.executor';
export type { TChangeOutcome, TDiffEntry } from './history/sync-change.rows';
export { emailsOf, toDesiredUser, userNameOf } from './plan/desired-user.mapper';
export { planDirectorySync } from './plan/directory-sync.planner';
export type * from './plan/plan.types';
export { summarizePlan, type TPlanSummary } from './plan/plan-summary';
export { changeText, REASON_LABELS } from './plan/reason-text';
export { diffUser, sameEmails } from './plan/user-diff';
export { loadDbUserFingerprints, loadDbUsersByGoogleIds } from './read/db-user.loader';
export { DEFAULT_PARALLEL_QUERIES_PER_MINUTE, listUsersByDomain } from './read/domain-users.listing';
export { readGoogleDirectory, type TGoogleDirectoryState } from './read/google-directory.reader';
export { exceedsDeletionThreshold } from './run/deletion-threshold';
export { executeSyncRun, readAndPlan } from './run/directory-sync.runner';
export { confirmHeldDeletions } from './run/held-deletions.confirmer';
export { SYNC_EXECUTION_LOCK_KEY, SYNC_START_LOCK_KEY, tryAcquireRunLock } from './run/run-lock';
export { removeStaleDirectoryUser, type TStaleUserRemoval } from './run/stale-user.repository';
export { describeSyncFailure, SyncAbortedError, type TSyncFailure } from './run/sync-error';
export { INITIAL_PROGRESS, type TSyncPhase, type TSyncProgress } from './run/sync-progress';
export {
  silentSyncLogger,
  type TDirectoryFactory,
  type TSyncLogger,
  type TSyncRunnerDeps,
} from './run/sync-run.context';
export {
  failUnqueuedRun,
  ORPHANED_AFTER_MS,
  recordWorkerDeath,
  startConfirmation,
  startRun,
  type TActor,
  type TConfirmStart,
  type TRunFailureText,
  type TRunOutcome,
  type TStartRunInput,
  type TStartRunResult,
} from './run/sync-run.status';
export {
  canLogOn,
  defaultSyncSettings,
  PRIVILEGES,
  type TArchiveAccess,
  type TPrivilege,
  type TScheduleMode,
  type TSyncGroup,
  type TSyncSettings,
} from './settings/sync-settings.types';
