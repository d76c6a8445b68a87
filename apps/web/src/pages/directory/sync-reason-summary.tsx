import { formatCount, reasonRows } from './directory-sync.labels';

/** Why the run changes what it changes: each reason with how many users it applies to. */
export function SyncReasonSummary({ byReason }: { byReason: Record<string, number> }) {
  const rows = reasonRows(byReason);
  if (rows.length === 0) return null;
  return (
    <dl className="ds-reasons" aria-label="Changes per reason">
      {rows.map((row) => (
        <div key={row.reason} className="ds-reason">
          <dt>{row.label}</dt>
          <dd>{formatCount(row.count)}</dd>
        </div>
      ))}
    </dl>
  );
}
