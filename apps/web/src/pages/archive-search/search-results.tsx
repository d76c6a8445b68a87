import type { TArchiveHit } from '../../api/archive-read';
import { Button } from '../../components/button';
import { formatBytes } from '../archive/archive.labels';
import { hitDate, senderText } from './archive-search.labels';
import { SnippetText } from './snippet-text';

type TSearchResultsProps = {
  hits: TArchiveHit[];
  openMessageId: string | null;
  onOpen: (messageId: string) => void;
  /** Shown beside each sender when results span several archives. */
  showArchive: boolean;
  /** Checkboxes for export and restore; absent when the reader can do neither. */
  selection?: { ids: ReadonlySet<string>; onToggle: (messageId: string, isSelected: boolean) => void };
  hasMore: boolean;
  isLoadingMore: boolean;
  onLoadMore: () => void;
};

/** Gmail's labels as Gmail shows them (system labels without their backslash), then folders, a few at most. */
function placesOf(hit: TArchiveHit): string[] {
  const names = [...hit.labels.map((label) => label.replace(/^\\/, '')), ...hit.folders];
  return [...new Set(names)].slice(0, 3);
}

/** Results newest first, as the server ordered them; "Load more" continues from the last one. */
export function SearchResults(props: TSearchResultsProps) {
  const { hits, openMessageId, onOpen, showArchive, selection } = props;
  return (
    <div className="as-results">
      <ul className="as-results__list" aria-label="Search results">
        {hits.map((hit) => {
          const subject = hit.subject?.trim() || '(no subject)';
          const isOpen = hit.messageId === openMessageId;
          return (
            <li key={hit.messageId} className={isOpen ? 'as-hit as-hit--open' : 'as-hit'}>
              {selection ? (
                <input
                  type="checkbox"
                  className="as-hit__check"
                  aria-label={`Select ${subject}`}
                  checked={selection.ids.has(hit.messageId)}
                  onChange={(event) => selection.onToggle(hit.messageId, event.target.checked)}
                />
              ) : null}
              <button
                type="button"
                className="as-hit__open"
                aria-current={isOpen ? 'true' : undefined}
                onClick={() => onOpen(hit.messageId)}
              >
                <span className="as-hit__top">
                  <span className="as-hit__from">{senderText(hit.from)}</span>
                  <time className="as-hit__date" dateTime={hit.date ?? undefined}>
                    {hitDate(hit.date)}
                  </time>
                </span>
                <span className="as-hit__subject">
                  {hit.hasAttachments ? (
                    <span className="as-hit__clip" title="Has attachments">
                      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                        <path
                          d="M10.5 4.5 5.6 9.4a1.4 1.4 0 0 0 2 2l5-5a2.8 2.8 0 0 0-4-4l-5 5a4.2 4.2 0 0 0 6 6l4.4-4.4"
                          fill="none"
                          stroke="currentColor"
                          strokeWidth="1.4"
                          strokeLinecap="round"
                        />
                      </svg>
                      <span className="visually-hidden">Has attachments. </span>
                    </span>
                  ) : null}
                  {subject}
                </span>
                <span className="as-hit__snippet">
                  <SnippetText parts={hit.snippet} />
                </span>
                <span className="as-hit__meta">
                  {showArchive ? `${hit.archives.map((archive) => archive.name).join(', ')} · ` : ''}
                  {placesOf(hit).join(', ')}
                  {placesOf(hit).length > 0 ? ' · ' : ''}
                  {formatBytes(hit.size)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {props.hasMore ? (
        <div className="as-results__more">
          <Button variant="secondary" onClick={props.onLoadMore} disabled={props.isLoadingMore}>
            {props.isLoadingMore ? 'Loading…' : 'Load more'}
          </Button>
        </div>
      ) : hits.length > 0 ? (
        <p className="as-results__end text-muted">End of the results.</p>
      ) : null}
    </div>
  );
}
