import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { type TUserDetail, useUser } from '../api/users';
import { Card } from '../components/card';
import { DetailList } from '../components/detail-list';
import { EmailList } from '../components/email-list';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { PrivilegeList } from '../components/privilege-list';
import { QueryError } from '../components/query-error';
import { Spinner } from '../components/spinner';
import { StatusBadge } from '../components/status-badge';
import { formatDateTime } from '../lib/format-date';
import { useDocumentTitle } from '../lib/use-document-title';
import { authMethodLabel } from '../lib/user-labels';

const notSet = <span className="text-subtle">Not set</span>;

function BackToUsers() {
  return (
    <Link to="/users" className="back-link">
      ← Users
    </Link>
  );
}

export function UserDetailPage() {
  const { id = '' } = useParams();
  const user = useUser(id);
  useDocumentTitle(user.data ? user.data.fullName || user.data.userName : 'User');

  if (user.isPending) {
    return (
      <>
        <PageHeader eyebrow={<BackToUsers />} title="User" />
        <div className="page-loading">
          <Spinner label="Loading user" />
        </div>
      </>
    );
  }
  if (user.isError) {
    const isMissing = user.error instanceof ApiError && user.error.status === 404;
    return (
      <>
        <PageHeader eyebrow={<BackToUsers />} title={isMissing ? 'User not found' : 'User'} />
        {isMissing ? (
          <Card>
            <EmptyState title="This user does not exist.">
              The user may have been deleted by a directory synchronization.{' '}
              <Link to="/users">Back to the user list</Link>.
            </EmptyState>
          </Card>
        ) : (
          <QueryError
            title="The user could not be loaded"
            error={user.error}
            onRetry={() => user.refetch()}
          />
        )}
      </>
    );
  }
  return <UserDetail user={user.data} />;
}

function UserDetail({ user }: { user: TUserDetail }) {
  return (
    <>
      <PageHeader
        eyebrow={<BackToUsers />}
        title={
          <span className="title-with-badge">
            {user.fullName || user.userName}
            <StatusBadge user={user} />
          </span>
        }
        description={user.emails[0] ?? user.userName}
      />
      <div className="detail-grid">
        <Card title="Account">
          <DetailList
            items={[
              { label: 'Full name', value: user.fullName || notSet },
              { label: 'User name', value: user.userName },
              { label: 'Authentication method', value: authMethodLabel(user.authMethod) },
              {
                label: 'Google user ID',
                value: user.googleUserId ? <code>{user.googleUserId}</code> : notSet,
              },
              {
                label: 'Organizational unit',
                value: user.orgUnitPath ? <code>{user.orgUnitPath}</code> : notSet,
              },
              { label: 'Status', value: <StatusBadge user={user} /> },
              {
                label: 'Archive folder',
                value: user.archiveFolder ? user.archiveFolder.name : notSet,
              },
              { label: 'Created', value: formatDateTime(user.createdAt) },
              { label: 'Last changed', value: formatDateTime(user.updatedAt) },
            ]}
          />
        </Card>
        <div className="detail-grid__side">
          <Card
            title="Email addresses"
            description="Mail to any of these addresses lands in this user's archive."
          >
            <EmailList emails={user.emails} />
          </Card>
          <Card title="Privileges">
            <PrivilegeList privileges={user.privileges} />
          </Card>
        </div>
      </div>
    </>
  );
}
