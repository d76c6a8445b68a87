import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  type TArchiveHit,
  type TReadArea,
  useArchiveSearch,
  useReadableArchives,
} from '../../api/archive-read';
import { EmptyState } from '../../components/empty-state';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { ArchiveActions } from './archive-actions';
import { ArchivePicker } from './archive-picker';
import { countText } from './archive-search.labels';
import { MessageViewer } from './message-viewer';
import { SearchForm } from './search-form';
import { SearchResults } from './search-results';
import './archive-search.css';

/**
 * Search, results and the message viewer over one area (a user's own archives, or every archive).
 * The query, the archive and the open message live in the address, so Back, reload and a shared
 * link all land where the reader was.
 */
export function ArchiveSearchView({ area }: { area: TReadArea }) {
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const archiveFolderId = params.get('archive') ?? undefined;
  const openMessageId = params.get('message');
  const archives = useReadableArchives(area);
  const search = useArchiveSearch(area, { q: query, archiveFolderId, isEnabled: archives.isSuccess });
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());

  const update = (changes: Record<string, string | null>, options: { replace?: boolean } = {}) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: options.replace ?? false },
    );
  };
  const hits = useMemo(() => search.data?.pages.flatMap((page) => page.hits) ?? [], [search.data]);
  const selected: TArchiveHit[] = hits.filter((hit) => selectedIds.has(hit.messageId));

  if (archives.isPending) return <Spinner label="Loading your archives" />;
  if (archives.isError) return <QueryError title="The archives could not be loaded" error={archives.error} />;
  if (archives.data.items.length === 0) {
    return (
      <EmptyState title="There is no archive to search yet.">
        {area === 'own'
          ? 'Your administrator has not set up an archive for you.'
          : 'Archive folders appear once users are synchronized from the directory.'}
      </EmptyState>
    );
  }

  const restorable = archives.data.items.filter((archive) => archive.canRestore);
  const canAct = archives.data.canExport || restorable.length > 0;
  const count = search.data?.pages[0]?.count;
  const isReading = openMessageId !== null;
  const newSearch = (changes: Record<string, string | null>) => {
    setSelectedIds(new Set());
    update({ ...changes, message: null });
  };

  return (
    <div className={isReading ? 'as-view as-view--reading' : 'as-view'}>
      <div className="as-view__search">
        {archives.data.items.length > 1 || archives.data.isAllArchives ? (
          <ArchivePicker
            archives={archives.data.items}
            value={archiveFolderId ?? ''}
            onChange={(id) => newSearch({ archive: id })}
          />
        ) : null}
        <SearchForm query={query} onSearch={(q) => newSearch({ q })} isSearching={search.isFetching} />
      </div>
      <div className="as-view__body">
        <div className="as-view__list">
          {search.isError ? (
            <QueryError title="The search failed" error={search.error} onRetry={() => search.refetch()} />
          ) : search.isPending ? (
            <Spinner label="Searching" />
          ) : (
            <>
              <p
                className="as-count"
                aria-live="polite"
                data-testid="result-count"
                hidden={!count?.value && !query}
              >
                {count ? countText(count) : ''}
                {query ? (
                  <>
                    {' '}
                    for <code>{query}</code>
                  </>
                ) : (
                  ', newest first'
                )}
              </p>
              {canAct && count && count.value > 0 ? (
                <ArchiveActions
                  area={area}
                  query={query}
                  archiveFolderId={archiveFolderId}
                  count={count}
                  selected={selected}
                  canExport={archives.data.canExport}
                  restorable={restorable}
                />
              ) : null}
              {hits.length === 0 && query === '' && !archiveFolderId ? (
                <EmptyState title="No messages archived yet.">
                  {area === 'own' ? (
                    <>
                      Your archive <strong>{archives.data.items[0]?.name}</strong> is ready. Messages appear
                      here once your administrator archives your mailbox.
                    </>
                  ) : (
                    'Messages appear here once a run on the Archiving profile tab has archived a mailbox.'
                  )}
                </EmptyState>
              ) : hits.length === 0 ? (
                <EmptyState title="No messages match.">
                  Check the spelling, or remove an operator to widen the search.
                </EmptyState>
              ) : (
                <SearchResults
                  hits={hits}
                  openMessageId={openMessageId}
                  onOpen={(id) => update({ message: id })}
                  showArchive={archives.data.items.length > 1}
                  selection={
                    canAct
                      ? {
                          ids: selectedIds,
                          onToggle: (id, isSelected) =>
                            setSelectedIds((current) => {
                              const next = new Set(current);
                              if (isSelected) next.add(id);
                              else next.delete(id);
                              return next;
                            }),
                        }
                      : undefined
                  }
                  hasMore={search.hasNextPage}
                  isLoadingMore={search.isFetchingNextPage}
                  onLoadMore={() => void search.fetchNextPage()}
                />
              )}
            </>
          )}
        </div>
        {openMessageId ? (
          <div className="as-view__reader">
            <MessageViewer
              area={area}
              messageId={openMessageId}
              onOpen={(id) => update({ message: id })}
              onClose={() => update({ message: null })}
            />
          </div>
        ) : null}
      </div>
    </div>
  );
}
