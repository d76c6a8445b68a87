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

export function UsersTable({ users, isStale }: { users: TUserSummary[]; isStale: boolean }) {
  return (
    <div className="table-wrap" aria-busy={isStale}>
      <table className={isStale ? 'table table--stale' : 'table'}>
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
          {users.map((user) => (
            <tr key={user.id}>
              <td>
                <Link to={`/users/${encodeURIComponent(user.id)}`} className="table__primary-link truncate">
                  {user.userName}
                </Link>
              </td>
              <td>
                <span className="truncate">{user.fullName || '—'}</span>
              </td>
              <td>
                <EmailCell emails={user.emails} />
              </td>
              <td>{authMethodLabel(user.authMethod)}</td>
              <td>
                <StatusBadge isSuspended={user.isSuspended} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
