import type { ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useSyncRuns } from '../../api/directory-sync';
import { useGoogleConnection } from '../../api/google-connection';
import { Badge } from '../../components/badge';
import { formatCount, phaseLabel, progressPercent } from './directory-sync.labels';
import { connectionBadge } from './google-connection.labels';
import { useLiveSyncRun } from './live-sync-run';
import './directory-tabs.css';

export type TDirectoryTab = { path: string; label: string };

export const DIRECTORY_TABS = {
  connection: { path: '/directory/connection', label: 'Google connection' },
  synchronization: { path: '/directory/synchronization', label: 'User synchronization' },
  history: { path: '/directory/history', label: 'History' },
} as const satisfies Record<string, TDirectoryTab>;

/** The tab the address is on (a run's own page belongs to History), or undefined for none. */
export function useCurrentDirectoryTab(): TDirectoryTab | undefined {
  const { pathname } = useLocation();
  return Object.values(DIRECTORY_TABS).find(
    (tab) => pathname === tab.path || pathname.startsWith(`${tab.path}/`),
  );
}

/**
 * The parts of Directory Services as links with their own addresses (so reload, back and shared
 * links land on the same part); the current one carries aria-current="page".
 */
export function DirectoryTabs() {
  return (
    <nav className="dir-tabs" aria-label="Directory Services">
      <ul className="dir-tabs__list">
        <Tab tab={DIRECTORY_TABS.connection} status={<ConnectionStatus />} />
        <Tab tab={DIRECTORY_TABS.synchronization} status={<RunStatus />} />
        <Tab tab={DIRECTORY_TABS.history} status={<RunCount />} />
      </ul>
    </nav>
  );
}

// Each status starts with a space so the link's name reads "History 2 runs"; flex layout drops it.
function Tab({ tab, status }: { tab: TDirectoryTab; status: ReactNode }) {
  return (
    <li>
      <NavLink to={tab.path} className="dir-tabs__link">
        <span>{tab.label}</span>
        {status}
      </NavLink>
    </li>
  );
}

function ConnectionStatus() {
  const connection = useGoogleConnection();
  const badge = connection.data ? connectionBadge(connection.data) : null;
  if (badge === null) return null;
  return (
    <>
      {' '}
      <Badge tone={badge.tone}>{badge.text}</Badge>
    </>
  );
}

// Visible from every tab, so an admin who looks elsewhere during a run still sees it going.
function RunStatus() {
  const { runningRunId, live } = useLiveSyncRun();
  if (runningRunId === null) return null;
  const progress = live?.id === runningRunId ? live.progress : null;
  const percent = progress ? progressPercent(progress) : null;
  return (
    <>
      {' '}
      <span
        className="badge badge--info dir-tabs__live"
        title={progress ? phaseLabel(progress.phase) : undefined}
      >
        Running{percent === null ? '…' : ` ${percent}%`}
      </span>
    </>
  );
}

function RunCount() {
  const runs = useSyncRuns(1);
  if (!runs.data || runs.data.total === 0) return null;
  return (
    <>
      {' '}
      <span className="badge badge--neutral dir-tabs__count">
        {formatCount(runs.data.total)}
        <span className="visually-hidden">{runs.data.total === 1 ? ' run' : ' runs'}</span>
      </span>
    </>
  );
}
