import { Outlet } from 'react-router';
import { PageHeader } from '../components/page-header';
import { useDocumentTitle } from '../lib/use-document-title';
import { DirectoryTabs, useCurrentDirectoryTab } from './directory/directory-tabs';
import { LiveSyncRunProvider } from './directory/live-sync-run';

/** Directory Services: a header, the tab bar, and the current tab (connection, synchronization, history). */
export function DirectoryPage() {
  const tab = useCurrentDirectoryTab();
  useDocumentTitle(tab ? `${tab.label} · Directory Services` : 'Directory Services');
  return (
    <LiveSyncRunProvider>
      <div className="dir-page">
        <PageHeader
          title="Directory Services"
          description="Connect to Google Workspace with a service account, then synchronize users from the directory."
        />
        <DirectoryTabs />
      </div>
      <Outlet />
    </LiveSyncRunProvider>
  );
}
