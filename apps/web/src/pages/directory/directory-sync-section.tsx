import { useId, useState } from 'react';
import { useSyncRuns, useSyncSettings } from '../../api/directory-sync';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { SyncHistory } from './sync-history';
import { SyncRunPanel } from './sync-run-panel';
import { SyncRunView } from './sync-run-view';
import { SyncSettingsSection } from './sync-settings-section';
import './directory-sync.css';

/** Directory Services: synchronizing users (settings, Test Settings / Synchronize now, results, history). */
export function DirectorySyncSection() {
  const settings = useSyncSettings();
  const [historyPage, setHistoryPage] = useState(1);
  const runs = useSyncRuns(historyPage);
  const [chosenRunId, setChosenRunId] = useState<string | null>(null);
  const titleId = useId();

  const latest = runs.data?.items[0] ?? null;
  const selectedRunId = chosenRunId ?? latest?.id ?? null;
  const isRunning = runs.data?.items.some((run) => run.status === 'RUNNING') ?? false;

  return (
    <section className="ds" aria-labelledby={titleId}>
      <div>
        <h2 id={titleId}>User synchronization</h2>
        <p className="text-muted">
          Copies user names and e-mail addresses from Google Workspace into the archive’s users, so that users
          sign in with Google and their mail lands in the right archive.
        </p>
      </div>
      {settings.isPending ? (
        <Spinner label="Loading the synchronization settings" />
      ) : settings.isError ? (
        <QueryError
          title="The synchronization settings could not be loaded"
          error={settings.error}
          onRetry={() => settings.refetch()}
        />
      ) : (
        <SyncSettingsSection settings={settings.data} />
      )}
      <Card title="Synchronize">
        <SyncRunPanel isRunning={isRunning} onStarted={setChosenRunId} />
        {selectedRunId ? <SyncRunView key={selectedRunId} runId={selectedRunId} /> : null}
      </Card>
      <Card title="Synchronization history" flush>
        {runs.isPending ? (
          <Spinner label="Loading the history" />
        ) : runs.isError ? (
          <QueryError
            title="The history could not be loaded"
            error={runs.error}
            onRetry={() => runs.refetch()}
          />
        ) : (
          <SyncHistory
            runs={runs.data}
            selectedRunId={selectedRunId}
            onSelect={setChosenRunId}
            onPageChange={setHistoryPage}
          />
        )}
      </Card>
    </section>
  );
}
