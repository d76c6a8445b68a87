import { Outlet } from 'react-router';
import { PageHeader } from '../components/page-header';
import { useDocumentTitle } from '../lib/use-document-title';
import { ArchiveTabs, useCurrentArchiveTab } from './archive/archive-tabs';
import './directory/directory-sync.css';
import './archive/archive.css';

/** Archive: a header, the tab bar, and the current tab (profile, runs, search, access log). */
export function ArchivePage() {
  const tab = useCurrentArchiveTab();
  useDocumentTitle(tab ? `${tab.label} · Archive` : 'Archive');
  return (
    <>
      <div className="dir-page">
        <PageHeader
          title="Archive"
          description="Archive every chosen user's Gmail, prove each mailbox complete, search and read the archives, export or restore mail, and see who read what."
        />
        <ArchiveTabs />
      </div>
      <Outlet />
    </>
  );
}
