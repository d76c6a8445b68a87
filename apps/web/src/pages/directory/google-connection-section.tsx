import { useId } from 'react';
import { useGoogleConnection } from '../../api/google-connection';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { AdminUserCard } from './admin-user-card';
import { DelegationCard } from './delegation-card';
import { ServiceAccountKeyCard } from './service-account-key-card';
import { SetupCheckCard } from './setup-check-card';
import './google-connection.css';

/** Directory Services: connecting to Google Workspace (key, delegation, admin user, Check setup). */
export function GoogleConnectionSection() {
  const connection = useGoogleConnection();
  const typeId = useId();

  return (
    <section className="gc" aria-labelledby={`${typeId}-title`}>
      <div className="gc__intro">
        <div>
          <h2 id={`${typeId}-title`}>Google Workspace connection</h2>
          <p className="text-muted">
            A service account with domain-wide delegation lets the connector read your directory and archive
            mail without any user passwords.
          </p>
        </div>
        <div className="field gc__type">
          <label className="field__label" htmlFor={typeId}>
            Integration type
          </label>
          <select id={typeId} className="input" defaultValue="google-workspace">
            <option value="google-workspace">Google Workspace</option>
          </select>
        </div>
      </div>
      {connection.isPending ? (
        <div className="page-loading">
          <Spinner label="Loading the Google connection" />
        </div>
      ) : connection.isError ? (
        <QueryError
          title="The Google connection could not be loaded"
          error={connection.error}
          onRetry={() => connection.refetch()}
        />
      ) : (
        <div className="gc__steps">
          <ServiceAccountKeyCard connection={connection.data} />
          <DelegationCard connection={connection.data} />
          <AdminUserCard adminUser={connection.data.adminUser} />
          <SetupCheckCard
            setupVersion={`${connection.data.key?.privateKeyId ?? ''} ${connection.data.adminUser ?? ''}`}
            lastCheck={connection.data.lastCheck}
          />
        </div>
      )}
    </section>
  );
}
