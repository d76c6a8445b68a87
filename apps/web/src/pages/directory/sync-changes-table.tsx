import type { TChangeFilter, TChangeKind, TRunDetail } from '../../api/directory-sync';
import { Badge } from '../../components/badge';
import { Pagination } from '../../components/pagination';
import { SearchField } from '../../components/search-field';
import {
  diffRows,
  diffValue,
  formatCount,
  KIND_LABELS,
  KIND_TONES,
  OUTCOME_LABELS,
} from './directory-sync.labels';
import { RemoveStaleUserButton } from './remove-stale-user-button';

type TProps = {
  run: TRunDetail;
  filter: TChangeFilter;
  onFilterChange: (filter: TChangeFilter) => void;
};

const KINDS = Object.keys(KIND_LABELS) as TChangeKind[];

// A conflict whose user name is held by a user gone from Google: the admin may remove that user.
const STALE_HOLDER = 'STALE_USER_HOLDS_NAME';

function kindCount(run: TRunDetail, kind: TChangeKind): number {
  const { counts } = run;
  return {
    CREATE: counts.creates,
    UPDATE: counts.updates,
    DELETE: counts.deletes,
    KEEP: counts.kept,
    CONFLICT: counts.conflicts,
  }[kind];
}

/** Per-user changes of one run with their reasons and field diffs, filterable by kind and user. */
export function SyncChangesTable({ run, filter, onFilterChange }: TProps) {
  const { changes } = run;
  return (
    <div className="ds-changes">
      <div className="ds-changes__filters">
        <fieldset className="ds-tabs">
          <legend className="visually-hidden">Filter changes by kind</legend>
          <button
            type="button"
            className="ds-tab"
            aria-pressed={filter.kind === ''}
            onClick={() => onFilterChange({ ...filter, kind: '', page: 1 })}
          >
            All
          </button>
          {KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              className="ds-tab"
              aria-pressed={filter.kind === kind}
              onClick={() => onFilterChange({ ...filter, kind, page: 1 })}
            >
              {KIND_LABELS[kind]} <span className="ds-tab__count">{formatCount(kindCount(run, kind))}</span>
            </button>
          ))}
        </fieldset>
        <SearchField
          label="Filter changes by user name"
          placeholder="Filter by user name"
          value={filter.search}
          onChange={(search) => onFilterChange({ ...filter, search, page: 1 })}
        />
      </div>
      {changes.items.length === 0 ? (
        <p className="text-muted ds-changes__empty">
          {filter.kind === '' && filter.search === ''
            ? 'No user needs a change: the archive already matches Google Workspace.'
            : 'No change matches this filter.'}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack ds-changes__table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Change</th>
                <th scope="col">Reason</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {changes.items.map((change) => (
                <tr key={change.id}>
                  <td className="ds-changes__user" data-label="User">
                    {change.userName}
                  </td>
                  <td data-label="Change">
                    <Badge tone={KIND_TONES[change.kind]}>{KIND_LABELS[change.kind]}</Badge>
                    <div className="text-muted ds-changes__outcome">{OUTCOME_LABELS[change.outcome]}</div>
                  </td>
                  <td className="ds-changes__reason" data-label="Reason">
                    {change.reasonText}
                    {change.kind === 'CONFLICT' && change.reason === STALE_HOLDER ? (
                      <RemoveStaleUserButton runId={run.id} change={change} />
                    ) : null}
                  </td>
                  <td data-label="Details">
                    {change.diff && change.diff.length > 0 ? (
                      <dl className="ds-diff">
                        {diffRows(change.diff).map((row) => (
                          <div key={row.field}>
                            <dt>{row.label}</dt>
                            <dd>
                              {row.from === null || row.from === undefined ? null : (
                                <>
                                  <del>{diffValue(row.from)}</del> →{' '}
                                </>
                              )}
                              <ins>{diffValue(row.to)}</ins>
                            </dd>
                          </div>
                        ))}
                      </dl>
                    ) : (
                      <span className="text-muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={changes.page}
        pageSize={changes.pageSize}
        total={changes.total}
        noun={{ one: 'change', other: 'changes' }}
        onPageChange={(page) => onFilterChange({ ...filter, page })}
      />
    </div>
  );
}
