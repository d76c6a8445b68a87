import { useState } from 'react';
import { isTestAbandoned, type TOidcTestRun, useOidcTest, useStartOidcTest } from '../../api/oidc';
import { useUsers } from '../../api/users';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { QueryError } from '../../components/query-error';
import { SearchField } from '../../components/search-field';
import { Spinner } from '../../components/spinner';
import { useDebouncedValue } from './use-debounced-value';

const CANDIDATES = 8;
const POPUP_NAME = 'wac-oidc-test';
const POPUP_FEATURES = 'popup,width=520,height=720';

function TestResult({ run }: { run: TOidcTestRun }) {
  if (isTestAbandoned(run)) {
    return (
      <Alert tone="warning" title="No answer from Google">
        The sign-in window was not completed within 10 minutes. Start the test again.
      </Alert>
    );
  }
  if (run.status === 'PENDING') {
    return (
      <div className="test-auth__pending" role="status">
        <Spinner label="Waiting for the sign-in" />
        <span>
          Waiting for <strong>{run.targetUser.userName}</strong> to sign in at Google in the other window…
        </span>
      </div>
    );
  }
  if (run.status === 'SUCCEEDED') {
    const isOtherUser = run.matchedUser !== null && run.matchedUser.id !== run.targetUser.id;
    return (
      <div
        className="alert test-auth__success"
        role="status"
        data-testid="test-result"
        data-status={run.status}
      >
        <div className="alert__text">
          <strong className="alert__title">Authentication succeeded</strong>
          <p>{run.message}</p>
          {isOtherUser ? (
            <p>
              Note: at Google, the account of <strong>{run.googleEmail}</strong> was chosen, not{' '}
              <strong>{run.targetUser.userName}</strong>.
            </p>
          ) : null}
        </div>
      </div>
    );
  }
  return (
    <div data-testid="test-result" data-status={run.status}>
      <Alert tone="danger" title="Authentication failed">
        <p>{run.message}</p>
        <p className="alert__meta">
          Reason: <code>{run.reasonCode}</code>
          {run.googleEmail ? ` · Google account: ${run.googleEmail}` : ''}
        </p>
      </Alert>
    </div>
  );
}

/**
 * "Test authentication": pick a user, have them sign in at Google in a popup (login_hint set), and
 * see the outcome here. The test never signs anyone in, and the admin's own session stays as it is.
 */
export function TestAuthenticationPanel() {
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const [testId, setTestId] = useState<string | undefined>(undefined);
  const [popupUrl, setPopupUrl] = useState<string | undefined>(undefined);
  const debouncedSearch = useDebouncedValue(search.trim(), 250);
  const users = useUsers({ search: debouncedSearch, page: 1, pageSize: CANDIDATES });
  const start = useStartOidcTest();
  const test = useOidcTest(testId);

  const handleStart = () => {
    if (selectedId === undefined) return;
    // Opened synchronously in the click, or the browser's popup blocker stops it.
    const popup = window.open('about:blank', POPUP_NAME, POPUP_FEATURES);
    setPopupUrl(undefined);
    start.mutate(selectedId, {
      onSuccess: (started) => {
        setTestId(started.testRun.id);
        if (popup) popup.location.href = started.authorizationUrl;
        else setPopupUrl(started.authorizationUrl);
      },
      onError: () => popup?.close(),
    });
  };

  return (
    <div className="test-auth">
      <SearchField
        label="Find a user"
        placeholder="Search by user name, full name or email address"
        value={search}
        onChange={setSearch}
      />
      {users.isError ? <QueryError title="Users could not be loaded" error={users.error} /> : null}
      <fieldset className="test-auth__users">
        <legend className="visually-hidden">User to test</legend>
        {users.isPending ? <Spinner label="Loading users" /> : null}
        {users.data?.items.length === 0 ? <p className="text-muted">No users match.</p> : null}
        {users.data?.items.map((user) => (
          <label key={user.id} className="test-auth__user">
            <input
              type="radio"
              name="test-user"
              value={user.id}
              checked={selectedId === user.id}
              onChange={() => setSelectedId(user.id)}
            />
            <span className="test-auth__user-name">{user.userName}</span>
            <span className="text-subtle truncate">{user.fullName}</span>
          </label>
        ))}
      </fieldset>
      <div className="test-auth__actions">
        <Button onClick={handleStart} disabled={selectedId === undefined || start.isPending}>
          {start.isPending ? 'Starting…' : 'Start test'}
        </Button>
        <span className="text-muted">Google's sign-in page opens in a new window.</span>
      </div>
      {start.isError ? <QueryError title="The test could not start" error={start.error} /> : null}
      {popupUrl ? (
        <Alert tone="warning" title="The browser blocked the new window">
          <a href={popupUrl} target={POPUP_NAME} rel="opener">
            Open Google's sign-in page
          </a>
        </Alert>
      ) : null}
      {test.data ? <TestResult run={test.data} /> : null}
      {test.isError ? <QueryError title="The result could not be loaded" error={test.error} /> : null}
    </div>
  );
}
