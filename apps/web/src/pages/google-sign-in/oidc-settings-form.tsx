import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  type TOidcSettings,
  type TRedirectUriCheck,
  useRedirectUriCheck,
  useSaveOidcSettings,
} from '../../api/oidc';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { TextField } from '../../components/text-field';
import { fieldErrorsOf, type TFieldErrors } from '../../lib/field-errors';
import { CopyField } from './copy-field';
import { useDebouncedValue } from './use-debounced-value';

const CHECK_DELAY_MS = 350;

function RedirectUri({ check, isChecking }: { check: TRedirectUriCheck | undefined; isChecking: boolean }) {
  if (check === undefined) {
    return isChecking ? (
      <Spinner label="Checking the redirect URI" />
    ) : (
      <p className="text-muted">Enter this server's public URL to see the redirect URI.</p>
    );
  }
  return (
    <div className="redirect-uri" data-testid="redirect-uri" data-valid={check.isValid}>
      {check.redirectUri ? <CopyField label="Authorized redirect URI" value={check.redirectUri} /> : null}
      {check.isValid && check.redirectUri?.startsWith('http:') ? (
        <Alert tone="warning" title="Local testing only">
          This server runs with ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING, which accepts http on a loopback
          address for a local stand-in of Google. Google itself accepts only https on a public host name.
        </Alert>
      ) : check.isValid ? (
        <p className="redirect-uri__verdict redirect-uri__verdict--ok">
          Google accepts this URI: https, and a fully qualified name in a public domain.
        </p>
      ) : (
        <Alert tone="danger" title="Google will reject this redirect URI">
          <ul className="redirect-uri__problems">
            {check.problems.map((problem) => (
              <li key={problem.code}>{problem.message}</li>
            ))}
          </ul>
        </Alert>
      )}
    </div>
  );
}

const FIELD_LABELS: Record<string, string> = {
  publicBaseUrl: 'Public URL',
  instanceId: 'Instance ID',
  clientId: 'Client ID',
  clientSecret: 'Client secret',
};

/** A failed save: with per-field messages it points at the marked fields, otherwise it says why. */
function SaveError({ error, fieldErrors }: { error: Error; fieldErrors: TFieldErrors }) {
  const fields = Object.keys(fieldErrors);
  if (fields.length === 0) return <QueryError title="The settings were not saved" error={error} />;
  return (
    <Alert title="The settings were not saved">
      Fix the marked {fields.length === 1 ? 'field' : 'fields'}:{' '}
      {fields.map((field) => FIELD_LABELS[field] ?? field).join(', ')}.
    </Alert>
  );
}

/** The admin's form: this server's public address (and the redirect URI it implies) and the OAuth client. */
export function OidcSettingsForm({ settings }: { settings: TOidcSettings }) {
  const [publicBaseUrl, setPublicBaseUrl] = useState(settings.publicBaseUrl);
  const [instanceId, setInstanceId] = useState(settings.instanceId ?? '');
  const [clientId, setClientId] = useState(settings.clientId);
  const [clientSecret, setClientSecret] = useState('');
  const [isSaved, setIsSaved] = useState(false);
  // The server's message per field from the last failed save; a field's own goes once it is edited.
  const [fieldErrors, setFieldErrors] = useState<TFieldErrors>({});
  const save = useSaveOidcSettings();
  const formRef = useRef<HTMLFormElement>(null);

  const edit = (field: string, setValue: (value: string) => void) => (value: string) => {
    setValue(value);
    setFieldErrors(({ [field]: _edited, ...rest }) => rest);
  };

  // Focus goes to the first marked field, so a keyboard or screen-reader user lands on the problem.
  useEffect(() => {
    if (Object.keys(fieldErrors).length === 0) return;
    formRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [fieldErrors]);

  const checkedBase = useDebouncedValue(publicBaseUrl.trim(), CHECK_DELAY_MS);
  const checkedInstance = useDebouncedValue(instanceId.trim(), CHECK_DELAY_MS);
  const isSavedAddress =
    checkedBase === settings.publicBaseUrl && checkedInstance === (settings.instanceId ?? '');
  const liveCheck = useRedirectUriCheck(checkedBase, checkedInstance);
  const check = checkedBase === '' ? undefined : isSavedAddress ? settings.redirect : liveCheck.data;

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setIsSaved(false);
    setFieldErrors({});
    save.mutate(
      {
        clientId: clientId.trim(),
        publicBaseUrl: publicBaseUrl.trim(),
        instanceId: instanceId.trim(),
        ...(clientSecret.trim() === '' ? {} : { clientSecret: clientSecret.trim() }),
      },
      {
        onSuccess: () => {
          setClientSecret('');
          setIsSaved(true);
        },
        onError: (error) => setFieldErrors(fieldErrorsOf(error)),
      },
    );
  };

  return (
    <form
      className="oidc-form"
      onSubmit={handleSubmit}
      noValidate
      ref={formRef}
      aria-label="Google sign-in settings"
    >
      <Card
        title="1. This server's address"
        description="The address users type to reach this server. Google sends them back here after they sign in."
      >
        <div className="form">
          <TextField
            label="Public URL"
            name="publicBaseUrl"
            placeholder="https://archive.example.com:8462"
            autoComplete="off"
            spellCheck={false}
            value={publicBaseUrl}
            error={fieldErrors.publicBaseUrl}
            onChange={(event) => edit('publicBaseUrl', setPublicBaseUrl)(event.target.value)}
          />
          <TextField
            label="Instance ID (multi-instance deployments only)"
            name="instanceId"
            placeholder="Leave empty for a single instance"
            autoComplete="off"
            spellCheck={false}
            value={instanceId}
            error={fieldErrors.instanceId}
            onChange={(event) => edit('instanceId', setInstanceId)(event.target.value)}
          />
          <div className="field">
            <span className="field__label">Authorized redirect URI</span>
            <p className="field__hint">
              In the Google Cloud console, open <strong>APIs &amp; Services → Credentials</strong>, edit your
              OAuth client (type <em>Web application</em>) and add exactly this URI under{' '}
              <strong>Authorized redirect URIs</strong>.
            </p>
            <RedirectUri check={check} isChecking={liveCheck.isFetching} />
          </div>
        </div>
      </Card>

      <Card
        title="2. Google OAuth client"
        description="The client ID and secret of that OAuth client. The secret is stored encrypted and is never shown again."
      >
        <div className="form">
          <TextField
            label="Client ID"
            name="clientId"
            placeholder="1234567890-abc123.apps.googleusercontent.com"
            autoComplete="off"
            spellCheck={false}
            value={clientId}
            error={fieldErrors.clientId}
            onChange={(event) => edit('clientId', setClientId)(event.target.value)}
          />
          <TextField
            label="Client secret"
            name="clientSecret"
            type="password"
            autoComplete="new-password"
            placeholder={settings.hasClientSecret ? 'Stored. Leave empty to keep it.' : 'GOCSPX-…'}
            value={clientSecret}
            error={fieldErrors.clientSecret}
            onChange={(event) => edit('clientSecret', setClientSecret)(event.target.value)}
          />
          {save.isError ? <SaveError error={save.error} fieldErrors={fieldErrors} /> : null}
          {isSaved && !save.isPending && !save.isError ? (
            <Alert tone="info" title="Saved">
              {save.data?.isConfigured
                ? 'Users can now choose "Sign in with Google" on the sign-in page.'
                : 'Saved, but sign-in with Google stays off until every field is filled in.'}
            </Alert>
          ) : null}
          <div className="oidc-form__actions">
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save'}
            </Button>
          </div>
        </div>
      </Card>
    </form>
  );
}
