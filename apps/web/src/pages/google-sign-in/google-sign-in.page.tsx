import { useOidcSettings } from '../../api/oidc';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { formatDateTime } from '../../lib/format-date';
import { useDocumentTitle } from '../../lib/use-document-title';
import { OidcSettingsForm } from './oidc-settings-form';
import { TestAuthenticationPanel } from './test-authentication-panel';
import './google-sign-in.css';

export function GoogleSignInPage() {
  useDocumentTitle('Sign-in with Google');
  const settings = useOidcSettings();

  return (
    <>
      <PageHeader
        title={
          <span className="title-with-badge">
            Sign-in with Google
            {settings.data ? (
              <Badge tone={settings.data.isConfigured ? 'success' : 'neutral'}>
                {settings.data.isConfigured ? 'On' : 'Off'}
              </Badge>
            ) : null}
          </span>
        }
        description="Users sign in with their Google Workspace accounts (OpenID Connect). The local administrator sign-in stays available for you."
      />
      {settings.isPending ? (
        <div className="page-loading">
          <Spinner label="Loading the settings" />
        </div>
      ) : settings.isError ? (
        <QueryError
          title="The settings could not be loaded"
          error={settings.error}
          onRetry={() => settings.refetch()}
        />
      ) : (
        <div className="oidc-page">
          <OidcSettingsForm settings={settings.data} />
          <Card
            title="3. Test authentication"
            description="Have a user sign in at Google without creating a session, and see whether they could log on here, or exactly why not."
          >
            {settings.data.isConfigured ? (
              <TestAuthenticationPanel />
            ) : (
              <p className="text-muted">Save the address and the OAuth client first.</p>
            )}
          </Card>
          <p className="oidc-page__footnote text-subtle">
            Issuer: <code>{settings.data.issuer}</code>
            {settings.data.updatedAt
              ? ` · Last changed ${formatDateTime(settings.data.updatedAt)} by ${settings.data.updatedByName ?? 'unknown'}`
              : ''}
          </p>
        </div>
      )}
    </>
  );
}
