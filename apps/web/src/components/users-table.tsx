import { Link } from 'react-router';
import type { TUserSummary } from '../api/users';
import { authMethodLabel } from '../lib/user-labels';
import { StatusBadge } from './status-badge';

function EmailCell({ emails }: { emails: string[] }) {
  const [primary, ...others] = emails;
  if (!primary) return <span className="text-subtle">None</span>;
  return (
    <span className="email-cell" title={emails.join('\n')}>
      <span className="truncate">{primary}</span>
      {others.length > 0 ? <span className="email-cell__more">+{others.length}</span> : null}
    </span>
  );
}

const SKELETON_ROWS = Array.from({ length: 8 }, (_, index) => `skeleton-${index}`);

function SkeletonRows() {
  return SKELETON_ROWS.map((row) => (
    <tr key={row}>
      <td>
        <span className="skeleton" />
      </td>
      <td>
        <span className="skeleton" />
      </td>
      <td>
        <span className="skeleton" />
      </td>
      <td>
        <span className="skeleton" />
      </td>
      <td>
        <span className="skeleton skeleton--short" />
      </td>
    </tr>
  ));
}

type TUsersTableProps = {
  /** `undefined` while the first page loads: the table keeps its final shape with placeholder rows. */
  users: TUserSummary[] | undefined;
  isStale: boolean;
};

export function UsersTable({ users, isStale }: TUsersTableProps) {
  const isLoading = users === undefined;
  return (
    <div className="table-wrap" aria-busy={isStale || isLoading}>
      {isLoading ? (
        <span className="visually-hidden" role="status">
          Loading users
        </span>
      ) : null}
      <table className={isStale ? 'table table--stack table--stale' : 'table table--stack'}>
        <colgroup>
          <col className="col-username" />
          <col className="col-fullname" />
          <col className="col-emails" />
          <col className="col-auth" />
          <col className="col-status" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">User name</th>
            <th scope="col">Full name</th>
            <th scope="col">Email addresses</th>
            <th scope="col">Authentication</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {isLoading ? <SkeletonRows /> : null}
          {users?.map((user) => (
            <tr key={user.id}>
              <td data-label="User name">
                <Link
                  to={`/users/${encodeURIComponent(user.id)}`}
                  className="table__primary-link truncate"
                  title={user.userName}
                >
                  {user.userName}
                </Link>
              </td>
              <td data-label="Full name">
                <span className="truncate" title={user.fullName}>
                  {user.fullName || '—'}
                </span>
              </td>
              <td data-label="Email addresses">
                <EmailCell emails={user.emails} />
              </td>
              <td data-label="Authentication">{authMethodLabel(user.authMethod)}</td>
              <td data-label="Status">
                <StatusBadge user={user} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
