import { type FormEvent, useState } from 'react';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from '../../api/sending';
import { Alert } from '../../components/alert';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { Card } from '../../components/card';
import { CopyButton } from '../../components/copy-button';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { TextField } from '../../components/text-field';
import { formatDateAndTime } from '../../lib/format-date';
import { parseAddressList } from './mail-address-list';

function when(iso: string | null): string {
  if (iso === null) return 'never';
  const { date, time } = formatDateAndTime(iso);
  return `${date} ${time}`;
}

/** Create an API token (shown once), see each token's senders and last use, revoke. */
export function ApiTokensSection() {
  const tokens = useApiTokens();
  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const [name, setName] = useState('');
  const [senders, setSenders] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), senders: parseAddressList(senders) },
      {
        onSuccess: (result) => {
          setCreated({ name: result.apiToken.name, token: result.token });
          setName('');
          setSenders('');
        },
      },
    );
  };

  return (
    <>
      <Card
        title="Create an API token"
        description="An application sends with POST /api/v1/messages and the header Authorization: Bearer <token>. A token may send only as the addresses listed here, and each must also be an allowed sender."
      >
        <div className="form">
          {created ? (
            <Alert tone="info" title={`Token for ${created.name}: copy it now, it is not shown again`}>
              <p>
                <code data-testid="new-api-token">{created.token}</code>{' '}
                <CopyButton value={created.token} label="Copy the API token" />
              </p>
            </Alert>
          ) : null}
          <form className="form" onSubmit={onCreate} aria-label="Create an API token">
            <TextField
              label="Name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              required
              maxLength={100}
            />
            <TextField
              label="May send as (addresses, separated by commas)"
              value={senders}
              onChange={(event) => setSenders(event.target.value)}
              required
            />
            {create.isError ? <Alert title="The token was not created">{create.error.message}</Alert> : null}
            <div>
              <Button type="submit" disabled={create.isPending}>
                Create token
              </Button>
            </div>
          </form>
        </div>
      </Card>
      <Card title="API tokens" description="Tokens are stored hashed; only their first characters are shown.">
        {tokens.isPending ? (
          <Spinner label="Loading the API tokens" />
        ) : tokens.isError ? (
          <QueryError title="The API tokens could not be loaded" error={tokens.error} />
        ) : tokens.data.apiTokens.length === 0 ? (
          <p className="text-muted">No API tokens yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table table--stack">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Token</th>
                  <th scope="col">May send as</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.apiTokens.map((token) => (
                  <tr key={token.id}>
                    <td data-label="Name">{token.name}</td>
                    <td data-label="Token">
                      <code>{token.tokenPrefix}…</code>
                    </td>
                    <td data-label="May send as">{token.senders.join(', ')}</td>
                    <td data-label="Last used">{when(token.lastUsedAt)}</td>
                    <td data-label="Status">
                      {token.revokedAt ? (
                        <Badge tone="neutral">Revoked</Badge>
                      ) : (
                        <Badge tone="success">Active</Badge>
                      )}
                    </td>
                    <td>
                      {token.revokedAt ? null : (
                        <Button
                          variant="secondary"
                          size="sm"
                          disabled={revoke.isPending}
                          onClick={() => revoke.mutate(token.id)}
                          aria-label={`Revoke ${token.name}`}
                        >
                          Revoke
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
