import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { RequireAdmin } from '../components/require-admin';
import { RouteError } from '../components/route-error';
import { AccessLogSection } from '../pages/archive/access-log-section';
import { ArchiveHistorySection } from '../pages/archive/archive-history-section';
import { ArchiveProfileSection } from '../pages/archive/archive-profile-section';
import { ArchiveRunSection } from '../pages/archive/archive-run-section';
import { ArchiveSearchSection } from '../pages/archive/archive-search-section';
import { ArchivePage } from '../pages/archive.page';
import { ArchiveFoldersPage } from '../pages/archive-folders/archive-folders.page';
import { DirectorySyncSection } from '../pages/directory/directory-sync-section';
import { GoogleConnectionSection } from '../pages/directory/google-connection-section';
import { SyncHistorySection, SyncRunSection } from '../pages/directory/sync-history-section';
import { DirectoryPage } from '../pages/directory.page';
import { GoogleSignInPage } from '../pages/google-sign-in/google-sign-in.page';
import { ApiTokensSection } from '../pages/mail/api-tokens-section';
import { SendLogSection } from '../pages/mail/send-log-section';
import { SendersSection } from '../pages/mail/senders-section';
import { MailPage } from '../pages/mail.page';
import { MePage } from '../pages/me/me.page';
import { NotFoundPage } from '../pages/not-found.page';
import { SettingsPage } from '../pages/settings.page';
import { LandingRedirect, SetupPage } from '../pages/setup/setup.page';
import { SignInPage } from '../pages/sign-in.page';
import { SystemPage } from '../pages/system/system.page';
import { UserDetailPage } from '../pages/user-detail.page';
import { UsersPage } from '../pages/users.page';
import { isPathShown, SETUP_PATH } from './nav-areas';

// Placeholder areas are registered only when the menu shows them: no address leads to a dead end.
const upcomingRoutes: RouteObject[] = [{ path: 'settings', element: <SettingsPage /> }].filter((route) =>
  isPathShown(`/${route.path}`),
);

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteError /> },
  // End users' own page (after Sign in with Google): outside the admin-only console shell.
  { path: '/me', element: <MePage />, errorElement: <RouteError /> },
  {
    element: <RequireAdmin />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <LandingRedirect /> },
      { path: SETUP_PATH.slice(1), element: <SetupPage /> },
      { path: 'users', element: <UsersPage /> },
      { path: 'users/:id', element: <UserDetailPage /> },
      { path: 'archive-folders', element: <ArchiveFoldersPage /> },
      {
        path: 'directory',
        element: <DirectoryPage />,
        children: [
          { index: true, element: <Navigate to="connection" replace /> },
          { path: 'connection', element: <GoogleConnectionSection /> },
          { path: 'synchronization', element: <DirectorySyncSection /> },
          { path: 'history', element: <SyncHistorySection /> },
          { path: 'history/:runId', element: <SyncRunSection /> },
        ],
      },
      { path: 'google-sign-in', element: <GoogleSignInPage /> },
      {
        path: 'archive',
        element: <ArchivePage />,
        children: [
          { index: true, element: <Navigate to="profile" replace /> },
          { path: 'profile', element: <ArchiveProfileSection /> },
          { path: 'history', element: <ArchiveHistorySection /> },
          { path: 'history/:runId', element: <ArchiveRunSection /> },
          { path: 'search', element: <ArchiveSearchSection /> },
          { path: 'access-log', element: <AccessLogSection /> },
        ],
      },
      {
        path: 'mail',
        element: <MailPage />,
        children: [
          { index: true, element: <Navigate to="tokens" replace /> },
          { path: 'tokens', element: <ApiTokensSection /> },
          { path: 'senders', element: <SendersSection /> },
          { path: 'log', element: <SendLogSection /> },
        ],
      },
      { path: 'system', element: <SystemPage /> },
      ...upcomingRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
