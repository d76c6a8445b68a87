import { PageHeader } from '../components/page-header';
import { useDocumentTitle } from '../lib/use-document-title';
import { DirectorySyncSection } from './directory/directory-sync-section';
import { GoogleConnectionSection } from './directory/google-connection-section';

export function DirectoryPage() {
  useDocumentTitle('Directory Services');
  return (
    <>
      <PageHeader
        title="Directory Services"
        description="Connect to Google Workspace with a service account, then synchronize users from the directory."
      />
      <GoogleConnectionSection />
      <DirectorySyncSection />
    </>
  );
}
