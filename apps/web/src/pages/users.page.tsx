import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useUsers } from '../api/users';
import { Button } from '../components/button';
import { Card } from '../components/card';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { Pagination } from '../components/pagination';
import { QueryError } from '../components/query-error';
import { SearchField } from '../components/search-field';
import { UsersTable } from '../components/users-table';
import { parsePageParam } from '../lib/pagination';
import { useDebouncedCallback } from '../lib/use-debounced-callback';
import { useDocumentTitle } from '../lib/use-document-title';
import { TestAuthenticationButton } from './google-sign-in/test-authentication-dialog';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;
const USER_NOUN = { one: 'user', other: 'users' };

export function UsersPage() {
  useDocumentTitle('Users');
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.get('search') ?? '';
  const page = parsePageParam(searchParams.get('page'));
  const [draft, setDraft] = useState(search);

  // The URL is the source of truth (links and reloads keep the search); following it here
  // resets the box when the admin clicks "Users" in the navigation.
  useEffect(() => setDraft(search), [search]);

  const applySearch = useDebouncedCallback((value: string) => {
    setSearchParams(value.trim() ? { search: value.trim() } : {}, { replace: true });
  }, SEARCH_DELAY_MS);

  const goToPage = (next: number) => {
    const params = new URLSearchParams(searchParams);
    if (next > 1) params.set('page', String(next));
    else params.delete('page');
    setSearchParams(params);
  };

  const clearSearch = () => {
    setDraft('');
    setSearchParams({}, { replace: true });
  };

  const users = useUsers({ search, page, pageSize: PAGE_SIZE });

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone who can sign in to the connector or own an archive: local accounts and users synchronized from Google Workspace."
        actions={<TestAuthenticationButton />}
      />
      <Card flush>
        <div className="toolbar">
          <SearchField
            label="Search users"
            placeholder="Search by user name, full name or email address"
            value={draft}
            onChange={(value) => {
              setDraft(value);
              applySearch(value);
            }}
          />
          {users.isFetching && !users.isPending ? <span className="toolbar__status">Updating…</span> : null}
        </div>
        {users.isError && users.data ? (
          <div className="card__inset">
            <QueryError
              title="The list could not be refreshed"
              error={users.error}
              onRetry={() => users.refetch()}
            />
          </div>
        ) : null}
        <UsersResult
          query={users}
          search={search}
          onClearSearch={clearSearch}
          onFirstPage={() => goToPage(1)}
        />
        {users.data && users.data.total > 0 ? (
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={users.data.total}
            noun={USER_NOUN}
            onPageChange={goToPage}
            isBusy={users.isPlaceholderData}
          />
        ) : null}
      </Card>
    </>
  );
}

type TUsersResultProps = {
  query: ReturnType<typeof useUsers>;
  search: string;
  onClearSearch: () => void;
  onFirstPage: () => void;
};

function UsersResult({ query, search, onClearSearch, onFirstPage }: TUsersResultProps) {
  if (query.isPending) return <UsersTable users={undefined} isStale={false} />;
  if (query.isError && !query.data) {
    return (
      <div className="card__inset">
        <QueryError title="Users could not be loaded" error={query.error} onRetry={() => query.refetch()} />
      </div>
    );
  }
  const data = query.data;
  if (!data) return null;
  if (data.total === 0 && !search) {
    return (
      <EmptyState
        title="No users yet."
        action={
          <Link to="/directory/synchronization" className="button button--primary button--md">
            Open Directory Services
          </Link>
        }
      >
        Users appear here after you synchronize with Google Workspace in{' '}
        <Link to="/directory/synchronization">Directory Services</Link>.
      </EmptyState>
    );
  }
  if (data.total === 0) {
    return (
      <EmptyState
        title={`No users match “${search}”.`}
        action={
          <Button variant="secondary" onClick={onClearSearch}>
            Clear search
          </Button>
        }
      >
        Check the spelling, or search by another part of the user name, full name or email address.
      </EmptyState>
    );
  }
  if (data.items.length === 0) {
    return (
      <EmptyState
        title="This page is empty."
        action={
          <Button variant="secondary" onClick={onFirstPage}>
            Go to the first page
          </Button>
        }
      >
        The list has fewer pages than the link you followed.
      </EmptyState>
    );
  }
  return <UsersTable users={data.items} isStale={query.isPlaceholderData} />;
}
