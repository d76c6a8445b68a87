import { archiveUrls, type TReadArea, useArchiveExport } from '../../api/archive-read';
import { Badge } from '../../components/badge';
import { formatBytes, formatCount } from '../archive/archive.labels';
import { EXPORT_STATUS, exportPercent } from './archive-search.labels';

/** An export being prepared, then its download link (Range requests let a broken download resume). */
export function ExportStatus({ area, exportId }: { area: TReadArea; exportId: string }) {
  const current = useArchiveExport(area, exportId);
  if (!current.data) return null;
  const item = current.data;
  const status = EXPORT_STATUS[item.status];
  const percent = exportPercent(item);
  return (
    <div className="as-job" data-testid="export-status" data-status={item.status} aria-live="polite">
      <div className="as-job__head">
        <Badge tone={status.tone}>{status.text}</Badge> <span>{item.description}</span>
      </div>
      {item.status === 'PREPARING' ? (
        <>
          <div
            className="as-progress"
            role="progressbar"
            aria-label="Export progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          >
            <div className="as-progress__bar" style={{ width: `${percent}%` }} />
          </div>
          <p className="text-muted">
            {formatCount(item.doneMessages)} of {formatCount(item.totalMessages)} messages written ·{' '}
            {formatBytes(item.bytes)}
          </p>
        </>
      ) : null}
      {item.status === 'READY' ? (
        <p>
          <a
            className="button button--primary button--sm"
            href={archiveUrls.exportDownload(area, item.id)}
            download
          >
            Download {item.fileName}
          </a>{' '}
          <span className="text-muted">
            {formatCount(item.totalMessages)} {item.totalMessages === 1 ? 'message' : 'messages'} ·{' '}
            {formatBytes(item.bytes)}
          </span>
        </p>
      ) : null}
      {item.status === 'FAILED' ? <p className="field__error">{item.error ?? 'The export failed.'}</p> : null}
    </div>
  );
}
