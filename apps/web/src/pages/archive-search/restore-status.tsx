import { type TReadArea, useArchiveRestore } from '../../api/archive-read';
import { Badge } from '../../components/badge';
import { formatCount } from '../archive/archive.labels';
import { RESTORE_STATUS, restoreSummary } from './archive-search.labels';

/** A restore into Gmail while it appends, then what it did: appended, already there, failed. */
export function RestoreStatus({ area, restoreId }: { area: TReadArea; restoreId: string }) {
  const current = useArchiveRestore(area, restoreId);
  if (!current.data) return null;
  const item = current.data;
  const status = RESTORE_STATUS[item.status];
  const done = item.appended + item.alreadyPresent + item.failed;
  return (
    <div className="as-job" data-testid="restore-status" data-status={item.status} aria-live="polite">
      <div className="as-job__head">
        <Badge tone={status.tone}>{status.text}</Badge>{' '}
        <span>
          {item.description} → Gmail of <strong>{item.mailbox}</strong>
        </span>
      </div>
      {item.status === 'RUNNING' ? (
        <p className="text-muted">
          {formatCount(done)} of {formatCount(item.totalMessages)} messages handled…
        </p>
      ) : (
        <p>{restoreSummary(item)}</p>
      )}
      {item.alreadyPresent > 0 && item.status !== 'RUNNING' ? (
        <p className="text-muted">
          Messages already in the mailbox (same Message-ID and content) are not added twice.
        </p>
      ) : null}
      {item.error ? <p className="field__error">{item.error}</p> : null}
    </div>
  );
}
