import { useState } from 'react';
import { useUsers } from '../../api/users';
import { Button } from '../../components/button';
import { QueryError } from '../../components/query-error';
import { SearchField } from '../../components/search-field';
import { Spinner } from '../../components/spinner';
import { useDebouncedValue } from '../google-sign-in/use-debounced-value';

export type TPickedUser = { id: string; userName: string };

type TUserPickerProps = { value: TPickedUser[]; onChange: (users: TPickedUser[]) => void };

/** Chosen users as removable chips, and a searchable list of the synchronized users. */
export function UserPicker({ value, onChange }: TUserPickerProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 250);
  const users = useUsers({ search: debounced, page: 1, pageSize: 20 });
  const chosen = new Set(value.map((user) => user.id));
  const toggle = (user: TPickedUser) =>
    onChange(
      chosen.has(user.id)
        ? value.filter((item) => item.id !== user.id)
        : [...value, { id: user.id, userName: user.userName }],
    );
  const candidates = users.data?.items.filter((user) => user.authMethod === 'DIRECTORY') ?? [];

  return (
    <div className="ds-groups">
      {value.length === 0 ? (
        <p className="text-muted">No user chosen yet.</p>
      ) : (
        <ul className="ds-chips" aria-label="Selected users">
          {value.map((user) => (
            <li key={user.id} className="ds-chip">
              <span>{user.userName}</span>
              <button
                type="button"
                className="ds-chip__remove"
                aria-label={`Remove ${user.userName}`}
                onClick={() => toggle(user)}
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
            label="Search users"
            placeholder="User name or address"
            value={search}
            onChange={setSearch}
          />
          {users.isPending ? (
            <Spinner label="Loading users" />
          ) : users.isError ? (
            <QueryError title="The users could not be loaded" error={users.error} />
          ) : candidates.length === 0 ? (
            <p className="text-muted">No synchronized user matches.</p>
          ) : (
            <ul className="ds-picker__list" aria-label="Synchronized users">
              {candidates.map((user) => (
                <li key={user.id}>
                  <label className="ds-check">
                    <input type="checkbox" checked={chosen.has(user.id)} onChange={() => toggle(user)} />
                    <span>
                      <strong>{user.userName}</strong> <span className="text-muted">{user.fullName}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          <div>
            <Button variant="secondary" size="sm" onClick={() => setIsOpen(false)}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <div>
          <Button variant="secondary" size="sm" onClick={() => setIsOpen(true)}>
            {value.length === 0 ? 'Choose users…' : 'Change users…'}
          </Button>
        </div>
      )}
    </div>
  );
}
