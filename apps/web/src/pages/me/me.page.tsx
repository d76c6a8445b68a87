import { Link, Navigate } from 'react-router';
import { useSession } from '../../api/auth';
import { useMyProfile } from '../../api/me';
import { PRODUCT_NAME } from '../../app/nav-areas';
import { Card } from '../../components/card';
import { DetailList } from '../../components/detail-list';
import { EmailList } from '../../components/email-list';
import { FullPageMessage } from '../../components/full-page-message';
import { PrivilegeList } from '../../components/privilege-list';
import { ProductMark } from '../../components/product-mark';
import { QueryError } from '../../components/query-error';
import { SignOutButton } from '../../components/sign-out-button';
import { Spinner } from '../../components/spinner';
import { useDocumentTitle } from '../../lib/use-document-title';
import { authMethodLabel } from '../../lib/user-labels';
import { ArchiveSearchView } from '../archive-search/archive-search-view';
import './me.css';

/**
 * The end user's own page after "Sign in with Google": their archive to search and read first, then
 * who they are to the archive and what they may do. Only /api/me and /api/me/archive feed it, which
 * only ever answer with the session's own user and the archives that user may read.
 */
export function MePage() {
  useDocumentTitle('My account');
  const session = useSession();
  const profile = useMyProfile();

  if (session.isPending) {
    return (
      <FullPageMessage>
        <Spinner label="Loading your page" />
      </FullPageMessage>
    );
  }
  if (!session.data?.user) return <Navigate to="/sign-in" replace />;
  const user = session.data.user;

  return (
    <div className="end-user">
      <header className="end-user__bar">
        <div className="end-user__brand">
          <ProductMark size={28} />
          <span>{PRODUCT_NAME}</span>
        </div>
        <div className="end-user__actions">
          {user.isAdmin ? (
            <Link to="/users" className="button button--ghost button--sm">
              Open the console
            </Link>
          ) : null}
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="end-user__main">
        {profile.isPending ? (
          <div className="page-loading">
            <Spinner label="Loading your account" />
          </div>
        ) : profile.isError ? (
          <QueryError
            title="Your account could not be loaded"
            error={profile.error}
            onRetry={() => profile.refetch()}
          />
        ) : (
          <>
            <div className="end-user__heading">
              <p className="end-user__eyebrow">My account</p>
              <h1>{profile.data.fullName || profile.data.userName}</h1>
              <p className="text-muted">
                Signed in as <strong>{profile.data.userName}</strong>
                {profile.data.sessionKind === 'USER' ? ' with Google' : ''}.
              </p>
            </div>
            <section className="end-user__archive" aria-labelledby="my-archive-heading">
              <h2 id="my-archive-heading" className="end-user__section-title">
                My archive
              </h2>
              <ArchiveSearchView area="own" />
            </section>
            <section className="end-user__account" aria-labelledby="my-account-heading">
              <h2 id="my-account-heading" className="end-user__section-title">
                Account, addresses and privileges
              </h2>
              <div className="end-user__grid">
                <Card title="Account">
                  <DetailList
                    items={[
                      { label: 'Full name', value: profile.data.fullName || '—' },
                      { label: 'User name', value: profile.data.userName },
                      { label: 'Authentication', value: authMethodLabel(profile.data.authMethod) },
                    ]}
                  />
                </Card>
                <Card
                  title="Email addresses"
                  description="Mail to and from these addresses is archived for you."
                >
                  <EmailList emails={profile.data.emails} />
                </Card>
                <Card title="Privileges" description="Granted by your administrator.">
                  <PrivilegeList privileges={profile.data.privileges} />
                </Card>
              </div>
            </section>
          </>
        )}
      </main>
    </div>
  );
}
