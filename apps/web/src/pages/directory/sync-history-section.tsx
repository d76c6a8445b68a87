import { Link, useParams, useSearchParams } from 'react-router';
import { useSyncRuns } from '../../api/directory-sync';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { parsePageParam } from '../../lib/pagination';
import { DIRECTORY_TABS } from './directory-tabs';
import { SyncHistory } from './sync-history';
import { SyncRunView } from './sync-run-view';
import './directory-sync.css';

const runHref = (runId: string) => `${DIRECTORY_TABS.history.path}/${encodeURIComponent(runId)}`;

/** Directory Services, History tab: every run, a page at a time (the page is in the URL). */
export function SyncHistorySection() {
  const [searchParams, setSearchParams] = useSearchParams();
  const page = parsePageParam(searchParams.get('page'));
  const runs = useSyncRuns(page);

  const goToPage = (next: number) => setSearchParams(next > 1 ? { page: String(next) } : {});

  return (
    <div className="ds">
      <Card
        title="Synchronization history"
        description="Every Test Settings and synchronization run, newest first: who started it, what it changed and how long it took. Open a run to see its changes per user."
        flush
      >
        {runs.isPending ? (
          <Spinner label="Loading the history" />
        ) : runs.isError ? (
          <QueryError
            title="The history could not be loaded"
            error={runs.error}
            onRetry={() => runs.refetch()}
          />
        ) : (
          <SyncHistory runs={runs.data} runHref={runHref} onPageChange={goToPage} />
        )}
      </Card>
    </div>
  );
}

/** Directory Services, History tab: one run on its own address, so it can be linked to. */
export function SyncRunSection() {
  const { runId = '' } = useParams();
  return (
    <div className="ds">
      <Link to={DIRECTORY_TABS.history.path} className="ds-back">
        ← All runs
      </Link>
      <h2 className="visually-hidden">Synchronization run</h2>
      <Card>
        <SyncRunView key={runId} runId={runId} />
      </Card>
    </div>
  );
}
