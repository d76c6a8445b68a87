import { Link } from 'react-router';
import type { TRunPage, TRunSummary } from '../../api/directory-sync';
import { Badge } from '../../components/badge';
import { Pagination } from '../../components/pagination';
import { formatDateAndTime } from '../../lib/format-date';
import { countLabel, formatCount, formatDuration, runKindLabel, statusOf } from './directory-sync.labels';

type TCountedKind = 'creates' | 'updates' | 'deletes';

/** A dry run changed nothing: its cell says "would create 4", never "4" under "Created". */
function CountCell({ run, kind, column }: { run: TRunSummary; kind: TCountedKind; column: string }) {
  const count = formatCount(run.counts[kind]);
  const label = countLabel(run, kind);
  return (
    <td className="ds-num" data-label={column}>
      {label === column ? (
        count
      ) : (
        <>
          <span className="ds-would">{label.toLowerCase()}</span> {count}
        </>
      )}
    </td>
  );
}

type TProps = {
  runs: TRunPage;
  runHref: (runId: string) => string;
  onPageChange: (page: number) => void;
};

/** Every Test Settings and synchronization run: who, when, what it did; a row opens the run. */
export function SyncHistory({ runs, runHref, onPageChange }: TProps) {
  if (runs.total === 0) {
    return <p className="text-muted">No synchronization has run yet. Start with Test Settings.</p>;
  }
  return (
    <>
      <div className="table-wrap">
        <table className="table ds-history table--stack">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">By</th>
              <th scope="col" className="ds-num">
                Created
              </th>
              <th scope="col" className="ds-num">
                Updated
              </th>
              <th scope="col" className="ds-num">
                Deleted
              </th>
              <th scope="col" className="ds-num">
                Conflicts
              </th>
              <th scope="col" className="ds-num">
                Duration
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.items.map((run) => {
              const status = statusOf(run.status);
              const when = formatDateAndTime(run.createdAt);
              return (
                <tr key={run.id} className="ds-history__row">
                  <td data-label="When">
                    <Link to={runHref(run.id)} className="ds-link ds-history__when">
                      <span>{when.date}</span> <span>{when.time}</span>
                    </Link>
                  </td>
                  <td data-label="Run">{runKindLabel(run)}</td>
                  <td data-label="Status">
                    <Badge tone={status.tone}>{status.label}</Badge>
                  </td>
                  <td data-label="By">{run.requestedBy}</td>
                  <CountCell run={run} kind="creates" column="Created" />
                  <CountCell run={run} kind="updates" column="Updated" />
                  <CountCell run={run} kind="deletes" column="Deleted" />
                  <td className="ds-num" data-label="Conflicts">
                    {formatCount(run.counts.conflicts)}
                  </td>
                  <td className="ds-num" data-label="Duration">
                    {formatDuration(run.durationMs)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pagination
        page={runs.page}
        pageSize={runs.pageSize}
        total={runs.total}
        noun={{ one: 'run', other: 'runs' }}
        onPageChange={onPageChange}
      />
    </>
  );
}
