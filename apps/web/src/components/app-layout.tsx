import { useState } from 'react';
import { Outlet } from 'react-router';
import type { TSessionUser } from '../api/auth';
import { SideNav } from './side-nav';
import { TopBar } from './top-bar';

export function AppLayout({ user }: { user: TSessionUser }) {
  // Only small screens use this: under 900px the menu is a drawer the top bar opens.
  const [isMenuOpen, setIsMenuOpen] = useState(false);
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SideNav isOpen={isMenuOpen} onNavigate={() => setIsMenuOpen(false)} />
      <div className="app-shell__main">
        <TopBar user={user} isMenuOpen={isMenuOpen} onMenuToggle={() => setIsMenuOpen((open) => !open)} />
        <main id="main" className="page" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
