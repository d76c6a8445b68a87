import { useState } from 'react';
import { Link } from 'react-router';
import { useArchiveRuns } from '../../api/archiving';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { Pagination } from '../../components/pagination';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { formatDateAndTime } from '../../lib/format-date';
import { formatBytes, formatCount, mailboxSummary, runStatusBadge } from './archive.labels';
import { ARCHIVE_TABS } from './archive-tabs';
import { ArchiveVerifyCard } from './archive-verify-card';

/** Every Estimate and archive run, newest first; each opens its report. */
export function ArchiveHistorySection() {
  const [page, setPage] = useState(1);
  const runs = useArchiveRuns(page);
  if (runs.isPending) return <Spinner label="Loading the archive runs" />;
  if (runs.isError) return <QueryError title="The archive runs could not be loaded" error={runs.error} />;
  return (
    <>
      <Card
        title="Runs and reports"
        description="Each run keeps its report: every mailbox's counts and verdict."
      >
        {runs.data.total === 0 ? (
          <p className="text-muted">Nothing has run yet. Start with Estimate on the archiving profile.</p>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table table--stack ar-history">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Run</th>
                    <th scope="col">Status</th>
                    <th scope="col">Mailboxes</th>
                    <th scope="col" className="ds-num">
                      Messages
                    </th>
                    <th scope="col" className="ds-num">
                      Size
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {runs.data.items.map((run) => {
                    const when = formatDateAndTime(run.createdAt);
                    const badge = runStatusBadge(run);
                    const messages = run.isEstimate
                      ? (run.totals.estimatedMessages ?? 0)
                      : run.totals.archived;
                    const bytes = run.isEstimate ? (run.totals.estimatedBytes ?? 0) : run.totals.bytes;
                    return (
                      <tr key={run.id}>
                        <td data-label="When">
                          <Link to={`${ARCHIVE_TABS.history.path}/${run.id}`}>
                            {when.date} {when.time}
                          </Link>
                        </td>
                        <td data-label="Run">
                          {run.isEstimate ? 'Estimate' : 'Archive'}
                          <span className="text-muted">
                            {' '}
                            · {run.trigger === 'SCHEDULED' ? 'scheduled' : `by ${run.requestedBy}`}
                          </span>
                        </td>
                        <td data-label="Status">
                          <Badge tone={badge.tone}>{badge.text}</Badge>
                        </td>
                        <td data-label="Mailboxes">{mailboxSummary(run)}</td>
                        <td data-label="Messages" className="ds-num">
                          {run.isEstimate ? '' : 'archived '}
                          {formatCount(messages)}
                        </td>
                        <td data-label="Size" className="ds-num">
                          {formatBytes(bytes)}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Pagination
              page={page}
              pageSize={runs.data.pageSize}
              total={runs.data.total}
              noun={{ one: 'run', other: 'runs' }}
              onPageChange={setPage}
            />
          </>
        )}
      </Card>
      <ArchiveVerifyCard />
    </>
  );
}
