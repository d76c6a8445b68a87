import { NavLink, useLocation } from 'react-router';
import '../directory/directory-tabs.css';

export type TMailTab = { path: string; label: string };

export const MAIL_TABS = {
  tokens: { path: '/mail/tokens', label: 'API tokens' },
  senders: { path: '/mail/senders', label: 'Senders and notifications' },
  log: { path: '/mail/log', label: 'Send log' },
} as const satisfies Record<string, TMailTab>;

export function useCurrentMailTab(): TMailTab | undefined {
  const { pathname } = useLocation();
  return Object.values(MAIL_TABS).find((tab) => pathname === tab.path || pathname.startsWith(`${tab.path}/`));
}

export function MailTabs() {
  return (
    <nav className="dir-tabs" aria-label="Mail">
      <ul className="dir-tabs__list">
        {Object.values(MAIL_TABS).map((tab) => (
          <li key={tab.path}>
            <NavLink to={tab.path} className="dir-tabs__link">
              <span>{tab.label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
