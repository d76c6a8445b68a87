import { useId } from 'react';
import { ApiError } from '../../api/client';
import { useStartSync, useStartTest } from '../../api/directory-sync';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { QueryError } from '../../components/query-error';

type TProps = {
  isRunning: boolean;
  /** The settings form has unsaved changes, which a run would silently ignore. */
  isSettingsDirty: boolean;
  onStarted: (runId: string) => void;
};

/** Test Settings (dry run) and Synchronize now; both answer at once with the run they started. */
export function SyncRunPanel({ isRunning, isSettingsDirty, onStarted }: TProps) {
  const hintId = useId();
  const test = useStartTest();
  const sync = useStartSync();
  const failed = test.error ?? sync.error;
  const runningId =
    failed instanceof ApiError && failed.code === 'SYNC_ALREADY_RUNNING'
      ? String(failed.details?.runId ?? '')
      : null;
  const start = (which: typeof test) => {
    test.reset();
    sync.reset();
    which.mutate(undefined, { onSuccess: ({ runId }) => onStarted(runId) });
  };

  return (
    <div className="ds-actions">
      <div className="ds-actions__buttons">
        <Button
          variant="secondary"
          onClick={() => start(test)}
          disabled={isRunning || isSettingsDirty || test.isPending}
          aria-describedby={hintId}
        >
          Test Settings
        </Button>
        <Button
          onClick={() => start(sync)}
          disabled={isRunning || isSettingsDirty || sync.isPending}
          aria-describedby={hintId}
        >
          Synchronize now
        </Button>
        {isSettingsDirty ? (
          <p className="ds-actions__dirty" id={hintId} role="status">
            Save your changes first: both buttons run on the saved settings, not on the changes above.
          </p>
        ) : (
          <p className="text-muted" id={hintId}>
            Test Settings reads Google Workspace and shows what would change without changing anything.
            Synchronize now applies it.
          </p>
        )}
      </div>
      {runningId ? (
        <Alert
          tone="info"
          title="A synchronization is already running"
          action={
            <Button variant="secondary" size="sm" onClick={() => onStarted(runningId)}>
              Show it
            </Button>
          }
        >
          Only one synchronization runs at a time, across all servers.
        </Alert>
      ) : failed ? (
        <QueryError title="The synchronization could not be started" error={failed} />
      ) : null}
    </div>
  );
}
