import { Link, Navigate, useLocation } from 'react-router';
import { useSession } from '../api/auth';
import { AppLayout } from './app-layout';
import { Button } from './button';
import { FullPageMessage } from './full-page-message';
import { SignOutButton } from './sign-out-button';
import { Spinner } from './spinner';

export type TSignInRedirectState = { from?: string };

/** Gate for every console route: no session goes to sign-in, a non-admin session is told why. */
export function RequireAdmin() {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) {
    return (
      <FullPageMessage>
        <Spinner label="Loading the console" />
      </FullPageMessage>
    );
  }
  if (session.isError) {
    return (
      <FullPageMessage title="The console could not load">
        <p>{session.error.message}</p>
        <Button onClick={() => session.refetch()}>Try again</Button>
      </FullPageMessage>
    );
  }
  const user = session.data.user;
  if (!user) {
    const state: TSignInRedirectState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  if (!user.isAdmin) {
    return (
      <FullPageMessage title="Administrators only">
        <p>
          You are signed in as {user.userName}. The console is for administrators who sign in with their
          connector account and password; a Google sign-in opens your own page only.
        </p>
        <p>
          <Link to="/me">Go to your own page</Link>
        </p>
        <SignOutButton />
      </FullPageMessage>
    );
  }
  return <AppLayout user={user} />;
}
