import type { TListingProgress } from '@wac/google';
import type { TSqlClient } from '../execute/sql-transaction';
import { createProgressTracker, type TProgressTracker } from './sync-progress';
import type { TSyncRunnerDeps } from './sync-run.context';
import { writeProgress } from './sync-run.store';

export type TRunProgress = {
  tracker: TProgressTracker;
  onListingPage: (progress: TListingProgress) => void;
  /** Waits for the progress writes still in flight, so the final row is not overwritten by one. */
  settle(): Promise<void>;
};

/**
 * Progress of one run to the database (the source of server-sent events on every instance),
 * in-process listeners and the log: one line per second or phase, never one per user.
 */
export function createRunProgress(deps: TSyncRunnerDeps, runId: string, sql: TSqlClient): TRunProgress {
  const now = deps.now ?? (() => new Date());
  let writes: Promise<void> = Promise.resolve();
  const tracker = createProgressTracker((progress, isPhaseChange) => {
    deps.onProgress?.(runId, progress);
    deps.log.info(
      { runId, ...progress },
      isPhaseChange ? `directory sync: ${progress.phase}` : 'directory sync progress',
    );
    // Serialized, so an older snapshot never lands after a newer one.
    writes = writes
      .then(() => writeProgress(sql, runId, progress, now()))
      .catch((error: unknown) => deps.log.warn({ runId, err: error }, 'could not record sync progress'));
  }, deps.progressIntervalMs);

  let pagesRead = 0;
  let groupsRead = 0;
  return {
    tracker,
    onListingPage(progress) {
      pagesRead += 1;
      if (progress.kind === 'members' && progress.pages === 1) groupsRead += 1;
      tracker.update(
        progress.kind === 'users' ? { pagesRead, usersRead: progress.items } : { pagesRead, groupsRead },
      );
    },
    settle: () => writes,
  };
}
