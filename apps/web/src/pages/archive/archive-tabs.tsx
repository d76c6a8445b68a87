import { NavLink, useLocation } from 'react-router';
import { useArchiveRuns } from '../../api/archiving';
import { formatCount } from './archive.labels';
import '../directory/directory-tabs.css';

export type TArchiveTab = { path: string; label: string };

export const ARCHIVE_TABS = {
  profile: { path: '/archive/profile', label: 'Archiving profile' },
  history: { path: '/archive/history', label: 'Runs and reports' },
  search: { path: '/archive/search', label: 'Search archives' },
  accessLog: { path: '/archive/access-log', label: 'Access log' },
} as const satisfies Record<string, TArchiveTab>;

export function useCurrentArchiveTab(): TArchiveTab | undefined {
  const { pathname } = useLocation();
  return Object.values(ARCHIVE_TABS).find(
    (tab) => pathname === tab.path || pathname.startsWith(`${tab.path}/`),
  );
}

/** The Archive area's parts as links with their own addresses; a run's report belongs to its history. */
export function ArchiveTabs() {
  const runs = useArchiveRuns(1);
  const running =
    runs.data?.items.filter((run) => run.status === 'RUNNING' || run.status === 'QUEUED').length ?? 0;
  return (
    <nav className="dir-tabs" aria-label="Archive">
      <ul className="dir-tabs__list">
        <li>
          <NavLink to={ARCHIVE_TABS.profile.path} className="dir-tabs__link">
            <span>{ARCHIVE_TABS.profile.label}</span>
          </NavLink>
        </li>
        <li>
          <NavLink to={ARCHIVE_TABS.history.path} className="dir-tabs__link">
            <span>{ARCHIVE_TABS.history.label}</span>
            {running > 0 ? (
              <>
                {' '}
                <span className="badge badge--info dir-tabs__live">Running</span>
              </>
            ) : runs.data && runs.data.total > 0 ? (
              <>
                {' '}
                <span className="badge badge--neutral dir-tabs__count">
                  {formatCount(runs.data.total)}
                  <span className="visually-hidden">{runs.data.total === 1 ? ' run' : ' runs'}</span>
                </span>
              </>
            ) : null}
          </NavLink>
        </li>
        <li>
          <NavLink to={ARCHIVE_TABS.search.path} className="dir-tabs__link">
            <span>{ARCHIVE_TABS.search.label}</span>
          </NavLink>
        </li>
        <li>
          <NavLink to={ARCHIVE_TABS.accessLog.path} className="dir-tabs__link">
            <span>{ARCHIVE_TABS.accessLog.label}</span>
          </NavLink>
        </li>
      </ul>
    </nav>
  );
}
