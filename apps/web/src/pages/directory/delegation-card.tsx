import type { TGoogleConnection } from '../../api/google-connection';
import { Card } from '../../components/card';
import { CopyButton } from '../../components/copy-button';
import { scopePurpose, scopesForDelegationForm } from './google-connection.labels';

export function DelegationCard({ connection }: { connection: TGoogleConnection }) {
  const { key, requiredScopes } = connection;
  return (
    <Card
      title="2. Domain-wide delegation in Google"
      description={
        <>
          In the Google Admin console, open{' '}
          <strong>Security › Access and data control › API controls › Manage Domain Wide Delegation</strong>,
          click <strong>Add new</strong>, and paste the Client ID and the OAuth scopes below.
        </>
      }
    >
      <div className="gc-stack">
        <div className="gc-copy-row gc-copy-row--prominent">
          <div className="gc-copy-row__text">
            <span className="gc-copy-row__label">Client ID</span>
            {key ? (
              <span className="mono gc-client-id" data-testid="client-id">
                {key.clientId}
              </span>
            ) : (
              <span className="text-subtle">Appears once the key is uploaded.</span>
            )}
          </div>
          {key ? <CopyButton value={key.clientId} label="Copy Client ID" /> : null}
        </div>

        <div>
          <div className="gc-scopes__header">
            <span className="gc-copy-row__label">OAuth scopes</span>
            <CopyButton
              value={scopesForDelegationForm(requiredScopes)}
              label="Copy all scopes"
              text="Copy all scopes"
            />
          </div>
          <ul className="gc-scopes" aria-label="OAuth scopes">
            {requiredScopes.map((scope) => (
              <li key={scope} className="gc-copy-row">
                <div className="gc-copy-row__text">
                  <span className="mono">{scope}</span>
                  <span className="gc-copy-row__hint">{scopePurpose(scope)}</span>
                </div>
                <CopyButton value={scope} label={`Copy scope ${scope}`} />
              </li>
            ))}
          </ul>
          <p className="field__hint">
            “Copy all scopes” copies them comma-separated, as Google’s form expects.
          </p>
        </div>
      </div>
    </Card>
  );
}
