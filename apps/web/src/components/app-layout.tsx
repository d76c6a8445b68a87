import { Outlet } from 'react-router';
import type { TSessionUser } from '../api/auth';
import { SideNav } from './side-nav';
import { TopBar } from './top-bar';

export function AppLayout({ user }: { user: TSessionUser }) {
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SideNav />
      <div className="app-shell__main">
        <TopBar user={user} />
        <main id="main" className="page" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
