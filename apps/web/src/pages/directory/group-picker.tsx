import { useId, useState } from 'react';
import { type TSyncGroup, useGoogleGroups } from '../../api/directory-sync';
import { Button } from '../../components/button';
import { QueryError } from '../../components/query-error';
import { SearchField } from '../../components/search-field';
import { Spinner } from '../../components/spinner';
import { useDebouncedValue } from '../google-sign-in/use-debounced-value';

type TGroupPickerProps = {
  value: TSyncGroup[];
  onChange: (groups: TSyncGroup[]) => void;
  /** Shown while no group is chosen, and under the picker; the defaults speak of synchronization. */
  emptyText?: string;
  hint?: string;
  /** Chosen groups that hold everyone in the organisation (a CUSTOMER member): they filter nothing. */
  wholeCustomerGroupIds?: ReadonlySet<string>;
};

/** "Sync only these groups": chosen groups as removable chips, and a searchable list from Google. */
export function GroupPicker({
  value,
  onChange,
  emptyText = 'All users of the domain are synchronized (no group selected).',
  hint = 'Members of groups inside a selected group are synchronized too.',
  wholeCustomerGroupIds,
}: TGroupPickerProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 250);
  const groups = useGoogleGroups(debounced.trim(), isOpen);
  const listId = useId();
  const chosen = new Set(value.map((group) => group.id));

  const toggle = (group: TSyncGroup) =>
    onChange(
      chosen.has(group.id)
        ? value.filter((item) => item.id !== group.id)
        : [...value, { id: group.id, email: group.email, name: group.name }],
    );

  return (
    <div className="ds-groups">
      {value.length === 0 ? (
        <p className="text-muted">{emptyText}</p>
      ) : (
        <ul className="ds-chips" aria-label="Selected groups">
          {value.map((group) => (
            <li
              key={group.id}
              className={wholeCustomerGroupIds?.has(group.id) ? 'ds-chip ds-chip--everyone' : 'ds-chip'}
            >
              <span>
                <strong>{group.name || group.email}</strong> <span className="text-muted">{group.email}</span>
                {wholeCustomerGroupIds?.has(group.id) ? (
                  <span className="ds-chip__note"> · everyone in the organisation</span>
                ) : null}
              </span>
              <button
                type="button"
                className="ds-chip__remove"
                aria-label={`Remove ${group.email}`}
                onClick={() => toggle(group)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {isOpen ? (
        <div className="ds-picker">
          <SearchField
            label="Search groups"
            placeholder="Group name or address"
            value={search}
            onChange={setSearch}
          />
          {groups.isPending ? (
            <Spinner label="Loading groups from Google Workspace" />
          ) : groups.isError ? (
            <QueryError title="The groups could not be read from Google" error={groups.error} />
          ) : groups.data.items.length === 0 ? (
            <p className="text-muted">No group matches.</p>
          ) : (
            <ul id={listId} className="ds-picker__list" aria-label="Google groups">
              {groups.data.items.map((group) => (
                <li key={group.id}>
                  <label className="ds-check">
                    <input type="checkbox" checked={chosen.has(group.id)} onChange={() => toggle(group)} />
                    <span>
                      <strong>{group.name || group.email}</strong>{' '}
                      <span className="text-muted">
                        {group.email}
                        {group.directMembersCount === null
                          ? ''
                          : ` · ${group.directMembersCount} direct members`}
                      </span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {groups.data?.isTruncated ? (
            <p className="text-muted">
              Showing {groups.data.items.length} of {groups.data.total} groups; search to narrow the list.
            </p>
          ) : null}
          <div>
            <Button variant="secondary" size="sm" onClick={() => setIsOpen(false)}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <div>
          <Button variant="secondary" size="sm" onClick={() => setIsOpen(true)}>
            {value.length === 0 ? 'Choose groups…' : 'Change groups…'}
          </Button>
        </div>
      )}
      <p className="text-muted ds-hint">{hint}</p>
    </div>
  );
}
