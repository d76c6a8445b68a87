import { Link, useParams } from 'react-router';
import { useArchiveRun, useArchiveRunEvents } from '../../api/archiving';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { DetailList } from '../../components/detail-list';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { formatDateTime } from '../../lib/format-date';
import {
  formatBytes,
  formatCount,
  formatExpectedDuration,
  mailboxSummary,
  runPercent,
  runStatusBadge,
} from './archive.labels';
import { ArchiveMailboxRow } from './archive-mailbox-report';
import { ARCHIVE_TABS } from './archive-tabs';

/** One run's report: overall figures, live progress while it runs, and every mailbox's verdict. */
export function ArchiveRunSection() {
  const { runId = '' } = useParams();
  const run = useArchiveRun(runId);
  useArchiveRunEvents(run.data);
  if (run.isPending) return <Spinner label="Loading the run's report" />;
  if (run.isError) return <QueryError title="The run's report could not be loaded" error={run.error} />;
  const data = run.data;
  const badge = runStatusBadge(data);
  const isLive = data.status === 'RUNNING' || data.status === 'QUEUED';
  const title = `${data.isEstimate ? 'Estimate' : 'Archive run'} of ${formatDateTime(data.createdAt)}`;

  return (
    <div className="ar-stack">
      <p>
        <Link to={ARCHIVE_TABS.history.path}>← All runs</Link>
      </p>
      <Card title={title}>
        <div className="ar-run-head">
          <Badge tone={badge.tone}>{badge.text}</Badge>
          <span>{mailboxSummary(data)}</span>
        </div>
        {isLive ? (
          <div className="ar-progress ar-progress--run">
            <progress max={100} value={runPercent(data)} aria-label="Mailboxes finished" />
            <span className="text-muted" role="status">
              {runPercent(data)}% of mailboxes finished
              {data.totals.progressMessagesTotal > 0
                ? ` · running mailboxes: ${formatCount(data.totals.progressMessagesDone)} of ${formatCount(data.totals.progressMessagesTotal)} messages`
                : ''}
            </span>
          </div>
        ) : null}
        {data.status === 'INCOMPLETE' || data.status === 'FAILED' ? (
          <p className="ar-warning">
            Not every mailbox is complete: the rows below say which and why. Missing messages are retried on
            the next run.
          </p>
        ) : null}
        <DetailList
          items={[
            { label: 'Started by', value: data.trigger === 'SCHEDULED' ? 'the schedule' : data.requestedBy },
            { label: 'Finished', value: data.finishedAt ? formatDateTime(data.finishedAt) : '—' },
            ...(data.isEstimate
              ? [
                  {
                    label: 'Messages on the servers',
                    value: formatCount(data.totals.estimatedMessages ?? 0),
                  },
                  { label: 'Size', value: formatBytes(data.totals.estimatedBytes ?? 0) },
                  {
                    // Mailboxes download side by side, each under its own daily budget: the largest decides.
                    label: 'Expected duration',
                    value: formatExpectedDuration(
                      Math.max(0, ...data.items.map((mailbox) => mailbox.estimate?.expectedDays ?? 0)),
                    ),
                  },
                ]
              : [
                  { label: 'Archived', value: formatCount(data.totals.archived) },
                  { label: 'Already archived', value: formatCount(data.totals.alreadyArchived) },
                  { label: 'Failed messages', value: formatCount(data.totals.failedMessages) },
                  { label: 'Downloaded', value: formatBytes(data.totals.bytes) },
                ]),
          ]}
        />
        {data.error ? <p className="ar-warning">{data.error.message}</p> : null}
      </Card>
      <Card title="Mailboxes" flush>
        <div className="table-wrap">
          <table className="table table--stack ar-mailboxes">
            <thead>
              <tr>
                <th scope="col">Mailbox</th>
                <th scope="col">Verdict</th>
                {data.isEstimate ? (
                  <>
                    <th scope="col" className="ds-num">
                      Messages
                    </th>
                    <th scope="col" className="ds-num">
                      Size
                    </th>
                    <th scope="col">Expected duration</th>
                  </>
                ) : (
                  <>
                    <th scope="col" className="ds-num">
                      Archived
                    </th>
                    <th scope="col" className="ds-num">
                      Already archived
                    </th>
                    <th scope="col" className="ds-num">
                      Failed
                    </th>
                    <th scope="col" className="ds-num">
                      Downloaded
                    </th>
                    <th scope="col" className="ds-num">
                      Duration
                    </th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {data.items.map((mailbox) => (
                <ArchiveMailboxRow key={mailbox.id} mailbox={mailbox} isEstimate={data.isEstimate} />
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
