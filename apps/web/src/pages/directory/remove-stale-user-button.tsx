import { useState } from 'react';
import { type TSyncChange, useRemoveStaleUser } from '../../api/directory-sync';
import { Button } from '../../components/button';
import { QueryError } from '../../components/query-error';

type TProps = { runId: string; change: TSyncChange };

/**
 * The way out of a re-used address while auto-delete is off: remove the one stale user who still
 * holds it (gone from Google). Asks first, since the user entry goes; its archive folder stays.
 */
export function RemoveStaleUserButton({ runId, change }: TProps) {
  const [isAsking, setIsAsking] = useState(false);
  const remove = useRemoveStaleUser();

  if (remove.isSuccess) {
    return (
      <p className="ds-stale__done" role="status">
        Removed the stale user {remove.data.userName}; its archive folder is kept. The next synchronization
        creates the new user.
      </p>
    );
  }
  return (
    <div className="ds-stale">
      {isAsking ? (
        <div className="ds-stale__confirm">
          <p>
            Remove the user {change.userName} that no longer exists in Google Workspace? Its archive folder is
            kept and listed under Archive folders.
          </p>
          <div className="ds-stale__actions">
            <Button
              size="sm"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ runId, changeId: change.id })}
            >
              {remove.isPending ? 'Removing…' : 'Remove stale user'}
            </Button>
            <Button size="sm" variant="secondary" onClick={() => setIsAsking(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <Button size="sm" variant="secondary" onClick={() => setIsAsking(true)}>
          Remove stale user…
        </Button>
      )}
      {remove.isError ? <QueryError title="The user was not removed" error={remove.error} /> : null}
    </div>
  );
}
