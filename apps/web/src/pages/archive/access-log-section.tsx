import { useState } from 'react';
import { ACCESS_LOG_PAGE_SIZE, type TAccessLogFilters, useAccessLog } from '../../api/access-log';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { formatDateAndTime } from '../../lib/format-date';
import { ACCESS_ACTION_LABEL, ACCESS_RESULT } from '../archive-search/archive-search.labels';
import { accessWhat } from './access-log.labels';
import { AccessLogFilters, NO_FILTERS } from './access-log-filters';
import './access-log.css';

/**
 * The archive access log: every search, open, download, export and restore, allowed or not, newest
 * first. Read-only (the server has no route that changes a row); paged by the last id shown.
 */
export function AccessLogSection() {
  const [filters, setFilters] = useState<TAccessLogFilters>(NO_FILTERS);
  // The `before` cursor of each page shown so far: Next pushes one, Previous pops one.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const before = cursors[cursors.length - 1] ?? null;
  const log = useAccessLog(filters, before);
  const apply = (next: TAccessLogFilters) => {
    setFilters(next);
    setCursors([null]);
  };
  return (
    <Card
      title="Access log"
      description="Who searched, opened, downloaded, exported or restored archived mail, from where, and whether it was allowed. Nobody can change or delete an entry."
    >
      <AccessLogFilters onApply={apply} />
      {log.isPending ? (
        <Spinner label="Loading the access log" />
      ) : log.isError ? (
        <QueryError title="The access log could not be loaded" error={log.error} />
      ) : log.data.items.length === 0 ? (
        <p className="text-muted">No access matches these filters.</p>
      ) : (
        <>
          <div className="table-wrap">
            <table
              className={
                log.isPlaceholderData
                  ? 'table table--stack al-table table--stale'
                  : 'table table--stack al-table'
              }
            >
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Result</th>
                  <th scope="col">What</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((entry) => {
                  const when = formatDateAndTime(entry.at);
                  const result = ACCESS_RESULT[entry.result];
                  return (
                    <tr key={entry.id} data-action={entry.action} data-result={entry.result}>
                      <td data-label="When">
                        {when.date} {when.time}
                      </td>
                      <td data-label="Who">
                        <div>
                          {entry.actorName}
                          <div className="text-muted">
                            {entry.area === 'OWN' ? 'own archive' : 'all archives'}
                          </div>
                        </div>
                      </td>
                      <td data-label="Kind">{ACCESS_ACTION_LABEL[entry.action]}</td>
                      <td data-label="Result">
                        <Badge tone={result.tone}>{result.text}</Badge>
                      </td>
                      <td data-label="What" className="al-what">
                        {accessWhat(entry)}
                      </td>
                      <td data-label="From">
                        {entry.ip ?? '—'}
                        {entry.userAgent ? (
                          <div className="text-muted al-agent">{entry.userAgent}</div>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <nav className="pagination" aria-label="Pagination">
            <p className="pagination__summary">
              Page {cursors.length} · newest first · {ACCESS_LOG_PAGE_SIZE} per page
            </p>
            <div className="pagination__controls">
              <Button
                variant="secondary"
                size="sm"
                disabled={cursors.length === 1 || log.isFetching}
                onClick={() => setCursors((current) => current.slice(0, -1))}
              >
                Newer
              </Button>
              <Button
                variant="secondary"
                size="sm"
                disabled={log.data.nextBefore === null || log.isFetching}
                onClick={() => setCursors((current) => [...current, log.data.nextBefore])}
              >
                Older
              </Button>
            </div>
          </nav>
        </>
      )}
    </Card>
  );
}
