import { useId, useState } from 'react';
import { type TAssignedFolder, type TOrphanedFolder, useAssignFolder } from '../../api/archive-folders';
import { useUsers } from '../../api/users';
import { Button } from '../../components/button';
import { QueryError } from '../../components/query-error';
import { SearchField } from '../../components/search-field';
import { useDebouncedValue } from '../google-sign-in/use-debounced-value';

// A handful of matches is enough to pick from; the admin narrows the search for more.
const MATCH_LIMIT = 6;

type TAssignFolderFormProps = {
  folder: TOrphanedFolder;
  onAssigned: (assigned: TAssignedFolder) => void;
  onCancel: () => void;
};

/** Picks a user for one orphaned folder. The server refuses a user who already has a folder. */
export function AssignFolderForm({ folder, onAssigned, onCancel }: TAssignFolderFormProps) {
  // Most often the folder goes to whoever holds the former owner's address today.
  const [search, setSearch] = useState(folder.formerOwnerUserName);
  const debounced = useDebouncedValue(search.trim(), 300);
  const users = useUsers({ search: debounced, page: 1, pageSize: MATCH_LIMIT });
  const [userId, setUserId] = useState<string | null>(null);
  const assign = useAssignFolder();
  const groupName = useId();

  const submit = () => {
    if (userId === null) return;
    assign.mutate({ folderId: folder.id, userId }, { onSuccess: onAssigned });
  };

  return (
    <form
      className="assign-folder"
      aria-label={`Assign ${folder.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <SearchField
        label="Find a user"
        placeholder="User name, full name or email address"
        value={search}
        onChange={(value) => {
          setSearch(value);
          setUserId(null);
        }}
      />
      <fieldset className="assign-folder__choices">
        <legend className="visually-hidden">User to give the folder to</legend>
        {users.isPending ? <p className="text-muted">Looking for users…</p> : null}
        {users.data?.items.length === 0 ? <p className="text-muted">No user matches “{debounced}”.</p> : null}
        {users.data?.items.map((user) => (
          <label key={user.id} className="assign-folder__choice">
            <input
              type="radio"
              name={groupName}
              value={user.id}
              checked={userId === user.id}
              onChange={() => setUserId(user.id)}
            />
            <span className="assign-folder__user">{user.userName}</span>
            <span className="text-muted">{user.fullName}</span>
          </label>
        ))}
      </fieldset>
      {assign.isError ? <QueryError title="The folder was not assigned" error={assign.error} /> : null}
      <div className="assign-folder__actions">
        <Button type="submit" disabled={userId === null || assign.isPending}>
          {assign.isPending ? 'Assigning…' : 'Assign folder'}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
