import { type FormEvent, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useSession, useSignIn } from '../api/auth';
import { PRODUCT_NAME } from '../app/nav-areas';
import { Alert } from '../components/alert';
import { Button } from '../components/button';
import { ProductMark } from '../components/product-mark';
import type { TSignInRedirectState } from '../components/require-admin';
import { Spinner } from '../components/spinner';
import { TextField } from '../components/text-field';
import { signInErrorMessage } from '../lib/sign-in-error';
import { useDocumentTitle } from '../lib/use-document-title';
import { GoogleSignInLink, useIsGoogleSignInEnabled } from './google-sign-in/google-sign-in-link';

// The landing page: the setup checklist until setup is done, then Users.
const DEFAULT_DESTINATION = '/';

// Only same-app paths are honoured, so a crafted link cannot bounce a fresh session elsewhere.
function destinationFrom(state: unknown): string {
  const from = (state as TSignInRedirectState | null)?.from;
  return from?.startsWith('/') && !from.startsWith('//') && !from.startsWith('/sign-in')
    ? from
    : DEFAULT_DESTINATION;
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const session = useSession();
  const isGoogleSignInEnabled = useIsGoogleSignInEnabled();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const location = useLocation();
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [missingInput, setMissingInput] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const destination = destinationFrom(location.state);

  if (session.data?.user && !signIn.isPending) {
    // End users (Sign in with Google) have their own page, not the console.
    return <Navigate to={session.data.user.isAdmin ? destination : '/me'} replace />;
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const isMissing = !userName.trim() || !password;
    setMissingInput(isMissing);
    if (isMissing) return;
    signIn.mutate(
      { userName: userName.trim(), password },
      {
        onSuccess: () => navigate(destination, { replace: true }),
        onError: () => {
          setPassword('');
          passwordRef.current?.focus();
        },
      },
    );
  };

  return (
    <div className="sign-in">
      <div className="sign-in__panel">
        <div className="sign-in__brand">
          <ProductMark size={36} />
          <span>{PRODUCT_NAME}</span>
        </div>
        <div className="sign-in__card">
          <h1 className="sign-in__title">Sign in</h1>
          <p className="sign-in__subtitle">
            {isGoogleSignInEnabled
              ? 'Sign in with your Google Workspace account.'
              : "Use the connector's administrator account."}
          </p>
          {/* End users sign in with Google; the local form below stays as the administrators'
              break-glass path, independent of Google. */}
          <GoogleSignInLink />
          {session.isPending ? (
            <div className="sign-in__loading">
              <Spinner label="Checking your session" />
            </div>
          ) : (
            <form className="form" onSubmit={handleSubmit} noValidate>
              {missingInput ? <Alert>Enter your user name and password.</Alert> : null}
              {signIn.isError && !missingInput ? <Alert>{signInErrorMessage(signIn.error)}</Alert> : null}
              <TextField
                label="User name"
                name="userName"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                autoFocus
                value={userName}
                onChange={(event) => setUserName(event.target.value)}
              />
              <TextField
                label="Password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                inputRef={passwordRef}
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
              <Button type="submit" className="button--block" disabled={signIn.isPending}>
                {signIn.isPending ? 'Signing in…' : 'Sign in'}
              </Button>
            </form>
          )}
        </div>
        <p className="sign-in__footnote">Self-hosted connector for Google Workspace archiving.</p>
      </div>
    </div>
  );
}
