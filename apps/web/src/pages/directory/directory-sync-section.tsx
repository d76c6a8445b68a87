import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useSyncRuns, useSyncSettings } from '../../api/directory-sync';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { formatCount } from './directory-sync.labels';
import { DIRECTORY_TABS } from './directory-tabs';
import { GoogleConnectionGate } from './google-connection-gate';
import { useLiveSyncRun } from './live-sync-run';
import { SyncRunPanel } from './sync-run-panel';
import { SyncRunView } from './sync-run-view';
import { SyncSettingsSection } from './sync-settings-section';
import './directory-sync.css';

/** Directory Services, User synchronization tab: settings, Test Settings / Synchronize now, the latest run. */
export function DirectorySyncSection() {
  const titleId = useId();
  return (
    <section className="ds" aria-labelledby={titleId}>
      <div>
        <h2 id={titleId}>User synchronization</h2>
        <p className="text-muted">
          Copies user names and e-mail addresses from Google Workspace into the archive’s users, so that users
          sign in with Google and their mail lands in the right archive.
        </p>
      </div>
      <GoogleConnectionGate>
        <SyncSettingsAndRun />
      </GoogleConnectionGate>
    </section>
  );
}

function SyncSettingsAndRun() {
  const settings = useSyncSettings();
  const runs = useSyncRuns(1);
  const { runningRunId, follow } = useLiveSyncRun();
  const [chosenRunId, setChosenRunId] = useState<string | null>(null);
  const [startedRunId, setStartedRunId] = useState<string | null>(null);
  // Runs use the saved settings: while the form differs from them, both buttons wait for Save.
  const [isSettingsDirty, setIsSettingsDirty] = useState(false);

  const latest = runs.data?.items[0] ?? null;
  const selectedRunId = chosenRunId ?? latest?.id ?? null;
  const isRunning = runningRunId !== null;
  const onStarted = (runId: string) => {
    setChosenRunId(runId);
    setStartedRunId(runId);
    follow(runId);
  };

  return (
    <>
      {settings.isPending ? (
        <Spinner label="Loading the synchronization settings" />
      ) : settings.isError ? (
        <QueryError
          title="The synchronization settings could not be loaded"
          error={settings.error}
          onRetry={() => settings.refetch()}
        />
      ) : (
        <SyncSettingsSection settings={settings.data} onDirtyChange={setIsSettingsDirty} />
      )}
      <Card title="Synchronize">
        <SyncRunPanel isRunning={isRunning} isSettingsDirty={isSettingsDirty} onStarted={onStarted} />
        {runs.isError ? (
          <QueryError
            title="The latest run could not be loaded"
            error={runs.error}
            onRetry={() => runs.refetch()}
          />
        ) : null}
        {selectedRunId ? (
          <SyncRunView
            key={selectedRunId}
            runId={selectedRunId}
            isScrolledIntoView={selectedRunId === startedRunId}
          />
        ) : null}
        {runs.data && runs.data.total > 0 ? (
          <p className="ds-more-runs">
            <Link to={DIRECTORY_TABS.history.path}>
              See all runs in History ({formatCount(runs.data.total)})
            </Link>
          </p>
        ) : null}
      </Card>
    </>
  );
}
