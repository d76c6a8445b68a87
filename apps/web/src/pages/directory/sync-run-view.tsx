import { useEffect, useRef, useState } from 'react';
import {
  type TChangeFilter,
  type TRunDetail,
  useConfirmDeletions,
  useSyncRun,
} from '../../api/directory-sync';
import { Alert } from '../../components/alert';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { formatDateTime } from '../../lib/format-date';
import { countLabel, formatCount, formatDuration, runKindLabel, statusOf } from './directory-sync.labels';
import { useLiveSyncRun } from './live-sync-run';
import { SyncChangesTable } from './sync-changes-table';
import { SyncProgress } from './sync-progress';
import { SyncReasonSummary } from './sync-reason-summary';

const FIRST_PAGE: TChangeFilter = { kind: '', search: '', page: 1 };

/** The groups a run read, from the settings it stored when it started (not today's settings). */
function RunScope({ settings }: { settings: TRunDetail['settings'] }) {
  if (settings.groups.length === 0) return <>all users of the domain</>;
  return (
    <>
      {settings.groups.length === 1 ? 'group ' : 'groups '}
      {settings.groups.map((group, index) => (
        <span key={group.id}>
          {index > 0 ? ', ' : ''}
          <span className="ds-run__group">{group.email}</span>
        </span>
      ))}
    </>
  );
}

type TSyncRunViewProps = {
  runId: string;
  /** Scrolls the run into view once it has loaded: the admin just started it, below the fold. */
  isScrolledIntoView?: boolean;
};

/** One run: live progress while it runs, then its counts, held deletions and per-user changes. */
export function SyncRunView({ runId, isScrolledIntoView = false }: TSyncRunViewProps) {
  const [filter, setFilter] = useState<TChangeFilter>(FIRST_PAGE);
  const sectionRef = useRef<HTMLElement>(null);
  const hasScrolled = useRef(false);
  const detail = useSyncRun(runId, filter);
  const confirm = useConfirmDeletions();
  const { live, runningRunId, follow } = useLiveSyncRun();

  // Events are newer than the cached run until the refetch after the run's end arrives.
  const liveHere = live?.id === runId ? live : null;
  const summary =
    liveHere && (liveHere.status === 'RUNNING' || detail.data?.status === 'RUNNING') ? liveHere : detail.data;
  const isFollowNeeded = summary?.status === 'RUNNING' && runningRunId !== runId;
  useEffect(() => {
    if (isFollowNeeded) follow(runId);
  }, [isFollowNeeded, follow, runId]);

  const isLoaded = detail.data !== undefined;
  useEffect(() => {
    if (!isScrolledIntoView || !isLoaded || hasScrolled.current) return;
    hasScrolled.current = true;
    const motion = window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
    sectionRef.current?.scrollIntoView({ behavior: motion, block: 'start' });
  }, [isScrolledIntoView, isLoaded]);

  if (detail.isPending) return <Spinner label="Loading the run" />;
  if (detail.isError)
    return (
      <QueryError title="The run could not be loaded" error={detail.error} onRetry={() => detail.refetch()} />
    );
  const run = detail.data;
  const current = summary ?? run;
  const status = statusOf(current.status);
  const isRunning = current.status === 'RUNNING';
  // A failed run planned nothing it could stand behind: its counters and table would read as
  // "nothing to change". Changes it recorded before failing are still shown.
  const hasPlan = current.status !== 'FAILED' || run.changes.total > 0 || filter !== FIRST_PAGE;

  return (
    <section className="ds-run" aria-label="Synchronization run" ref={sectionRef}>
      <header className="ds-run__header">
        <div>
          <h3>
            {runKindLabel(current)} <Badge tone={status.tone}>{status.label}</Badge>
          </h3>
          <p className="text-muted">
            Started by {current.requestedBy} on {formatDateTime(current.createdAt)}
            {current.durationMs === null ? '' : ` · took ${formatDuration(current.durationMs)}`}
            {current.confirmedBy ? ` · deletions confirmed by ${current.confirmedBy}` : ''}
          </p>
          <p className="text-muted" data-testid="run-scope">
            Synchronized <RunScope settings={run.settings} />
          </p>
        </div>
        {current.isDryRun && !isRunning && current.status !== 'FAILED' ? (
          <p className="ds-run__note">
            Test Settings changed nothing. This is what Synchronize now would do.
          </p>
        ) : null}
      </header>

      {isRunning ? <SyncProgress run={current} /> : null}

      {current.status === 'FAILED' ? (
        <Alert
          tone="danger"
          title={
            current.isDryRun
              ? 'The dry run failed, so there is no plan to show'
              : 'The synchronization failed; nothing was changed by the failed step'
          }
        >
          {current.error?.message ?? 'The run stopped without saying why. The server log has the details.'}
        </Alert>
      ) : null}

      {current.status === 'HELD_FOR_CONFIRMATION' ? (
        <Alert
          tone="warning"
          title={`${formatCount(current.counts.heldDeletions)} deletions are waiting for your confirmation`}
          action={
            <Button
              onClick={() => confirm.mutate(current.id, { onSuccess: ({ runId: id }) => follow(id) })}
              disabled={confirm.isPending}
            >
              {confirm.isPending ? 'Confirming…' : 'Confirm deletions'}
            </Button>
          }
        >
          More users would be deleted than the safety limit allows, so creates and updates were applied and
          the deletions held. Confirming reads Google Workspace again and deletes only users it still calls
          for; their archives are kept.
          {current.error ? ` ${current.error.message}` : ''}
        </Alert>
      ) : null}
      {confirm.isError ? (
        <QueryError title="The deletions could not be confirmed" error={confirm.error} />
      ) : null}

      {!isRunning && hasPlan ? (
        <>
          <dl className="ds-kinds" aria-label="Changes per kind">
            <div className="ds-kind ds-kind--create">
              <dt>{countLabel(current, 'creates')}</dt>
              <dd>{formatCount(current.counts.creates)}</dd>
            </div>
            <div className="ds-kind ds-kind--update">
              <dt>{countLabel(current, 'updates')}</dt>
              <dd>{formatCount(current.counts.updates)}</dd>
            </div>
            <div className="ds-kind ds-kind--delete">
              <dt>{countLabel(current, 'deletes')}</dt>
              <dd>{formatCount(current.counts.deletes)}</dd>
            </div>
            <div className="ds-kind">
              <dt>Kept</dt>
              <dd>{formatCount(current.counts.kept)}</dd>
            </div>
            <div className="ds-kind ds-kind--conflict">
              <dt>Conflicts</dt>
              <dd>{formatCount(current.counts.conflicts)}</dd>
            </div>
            <div className="ds-kind">
              <dt>Unchanged</dt>
              <dd>{formatCount(current.counts.unchanged)}</dd>
            </div>
          </dl>
          <SyncReasonSummary byReason={run.byReason} />
          <SyncChangesTable run={run} filter={filter} onFilterChange={setFilter} />
        </>
      ) : null}
    </section>
  );
}
