import { useRouteError } from 'react-router';
import { FullPageMessage } from './full-page-message';

/** Last line of defence for render errors: a readable page instead of a blank screen. */
export function RouteError() {
  const error = useRouteError();
  console.error(error);
  return (
    <FullPageMessage title="Something went wrong">
      <p>The console hit an unexpected problem while showing this page. Reload the page to try again.</p>
      <a className="button button--primary button--md" href="/users">
        Reload the console
      </a>
    </FullPageMessage>
  );
}
