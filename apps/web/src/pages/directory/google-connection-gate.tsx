import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useGoogleConnection } from '../../api/google-connection';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { DIRECTORY_TABS } from './directory-tabs';
import { missingConnectionParts } from './google-connection.labels';

/**
 * Synchronization reads Google Workspace through the connection: without a key and an admin user
 * every button would fail, so the tab says what is missing and where to set it instead.
 */
export function GoogleConnectionGate({ children }: { children: ReactNode }) {
  const connection = useGoogleConnection();
  if (connection.isPending) return <Spinner label="Loading the Google connection" />;
  if (connection.isError)
    return (
      <QueryError
        title="The Google connection could not be loaded"
        error={connection.error}
        onRetry={() => connection.refetch()}
      />
    );
  const missing = missingConnectionParts(connection.data);
  if (missing.length === 0) return children;
  return (
    <Card>
      <div className="empty-state" role="status">
        <h3 className="empty-state__title">Connect Google Workspace first</h3>
        <div className="empty-state__body">
          Synchronization reads users and groups from Google Workspace through the Google connection, and{' '}
          {missing.join(' and ')} {missing.length === 1 ? 'is' : 'are'} not set up yet.
        </div>
        <div className="empty-state__action">
          <Link to={DIRECTORY_TABS.connection.path} className="button button--primary button--md">
            Set up the Google connection
          </Link>
        </div>
      </div>
    </Card>
  );
}
