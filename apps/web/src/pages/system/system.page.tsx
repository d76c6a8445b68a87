import { type TSystemOverview, useSystemOverview } from '../../api/system';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { DetailList } from '../../components/detail-list';
import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { useDocumentTitle } from '../../lib/use-document-title';
import { formatBytes, formatDuration, formatTime } from './system-format';

const SOURCE_LABEL = { SYNC: 'Directory sync', ARCHIVE: 'Archiving', SEND: 'Sending' } as const;

const countsText = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([key, count]) => `${count} ${key.toLowerCase()}`)
    .join(', ') || 'none';

export function SystemPage() {
  useDocumentTitle('System');
  const overview = useSystemOverview();
  return (
    <>
      <PageHeader
        title="System"
        description="How this deployment is doing: versions, sizes, job queues, the server instances on this database and what failed lately."
      />
      {overview.isPending ? <Spinner label="Loading the system overview" /> : null}
      {overview.isError ? (
        <QueryError
          title="The system overview could not be loaded"
          error={overview.error}
          onRetry={() => overview.refetch()}
        />
      ) : null}
      {overview.data ? <SystemDetails data={overview.data} /> : null}
    </>
  );
}

function SystemDetails({ data }: { data: TSystemOverview }) {
  return (
    <>
      <Card title="Server">
        <DetailList
          items={[
            { label: 'Version', value: data.version },
            { label: 'Node.js', value: data.nodeVersion },
            { label: 'Uptime', value: formatDuration(data.uptimeSeconds) },
            { label: 'Users', value: countsText(data.usersByAuthMethod) },
          ]}
        />
      </Card>
      <Card title="Storage">
        <DetailList
          items={[
            { label: 'Database', value: formatBytes(data.databaseBytes) },
            { label: 'Archived messages', value: data.archive.messages.toLocaleString() },
            {
              label: 'Archive size',
              value: `${formatBytes(data.archive.rawBytes)} of mail, ${formatBytes(data.archive.storedBytes)} stored`,
            },
            {
              label: 'Archive on disk',
              value:
                data.archive.diskBytes === null ? 'not on this disk' : formatBytes(data.archive.diskBytes),
            },
            { label: 'Mailboxes', value: countsText(data.mailboxesByState) },
          ]}
        />
      </Card>
      <Card title="Job queues" description="Jobs waiting or running, across every instance." flush>
        {data.queues.length === 0 ? (
          <EmptyState title="No jobs waiting">Every queue is empty.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Job queues">
              <thead>
                <tr>
                  <th>Queue</th>
                  <th>State</th>
                  <th>Jobs</th>
                </tr>
              </thead>
              <tbody>
                {data.queues.map((row) => (
                  <tr key={`${row.queue}/${row.state}`}>
                    <td>{row.queue}</td>
                    <td>{row.state}</td>
                    <td>{row.jobs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title="Instances" description="Server processes seen on this database in the last week." flush>
        <div className="table-wrap">
          <table className="table" aria-label="Instances">
            <thead>
              <tr>
                <th>Host</th>
                <th>PID</th>
                <th>Version</th>
                <th>Started</th>
                <th>Last seen</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {data.instances.map((instance) => (
                <tr key={instance.id}>
                  <td>
                    {instance.host}
                    {instance.isThisInstance ? ' (this one)' : ''}
                  </td>
                  <td>{instance.pid}</td>
                  <td>{instance.version}</td>
                  <td>{formatTime(instance.startedAt)}</td>
                  <td>{formatTime(instance.lastSeenAt)}</td>
                  <td>
                    {instance.isAlive ? (
                      <Badge tone="success">Running</Badge>
                    ) : instance.stoppedAt ? (
                      <Badge tone="neutral">Stopped</Badge>
                    ) : (
                      <Badge tone="danger">Not answering</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title="Recent problems" description="The latest failed syncs, mailboxes and messages." flush>
        {data.problems.length === 0 ? (
          <EmptyState title="Nothing failed lately">No failed sync, mailbox or message.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Recent problems">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Where</th>
                  <th>Concerning</th>
                  <th>What happened</th>
                </tr>
              </thead>
              <tbody>
                {data.problems.map((problem) => (
                  <tr key={`${problem.source}/${problem.at}/${problem.subject ?? ''}`}>
                    <td>{formatTime(problem.at)}</td>
                    <td>{SOURCE_LABEL[problem.source]}</td>
                    <td>{problem.subject ?? '—'}</td>
                    <td>
                      {problem.message}
                      {problem.code ? <span className="text-subtle"> ({problem.code})</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
