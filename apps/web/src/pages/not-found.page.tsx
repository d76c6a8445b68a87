import { Link } from 'react-router';
import { Card } from '../components/card';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { useDocumentTitle } from '../lib/use-document-title';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <>
      <PageHeader title="Page not found" />
      <Card>
        <EmptyState
          title="There is no page at this address."
          action={
            <Link to="/users" className="button button--primary button--md">
              Go to Users
            </Link>
          }
        >
          The link may be out of date, or the address may have a typo.
        </EmptyState>
      </Card>
    </>
  );
}
