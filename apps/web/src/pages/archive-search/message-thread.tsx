import { type TReadArea, useArchiveThread } from '../../api/archive-read';
import { hitDate } from './archive-search.labels';

const GROUPED_BY = {
  GMAIL_THREAD: "Grouped as Gmail grouped it (Gmail's thread id).",
  REFERENCES: 'Grouped by the replies each message names (References and In-Reply-To).',
  NONE: '',
} as const;

/** The conversation the message belongs to; other messages open in the same viewer. */
export function MessageThread(props: { area: TReadArea; messageId: string; onOpen: (id: string) => void }) {
  const thread = useArchiveThread(props.area, props.messageId);
  if (!thread.data || thread.data.messages.length < 2) return null;
  return (
    <section className="as-thread" aria-label="Conversation">
      <h3 className="as-viewer__heading">Conversation ({thread.data.messages.length} messages)</h3>
      <p className="text-muted as-thread__note">{GROUPED_BY[thread.data.groupedBy]}</p>
      <ol className="as-thread__list">
        {thread.data.messages.map((message) => (
          <li key={message.messageId}>
            {message.isCurrent ? (
              <span className="as-thread__item as-thread__item--current" aria-current="true">
                <span className="as-thread__from">{message.from ?? '(unknown sender)'}</span>
                <span className="as-thread__subject">{message.subject ?? '(no subject)'}</span>
                <span className="text-muted">{hitDate(message.date)} · shown above</span>
              </span>
            ) : (
              <button
                type="button"
                className="as-thread__item"
                onClick={() => props.onOpen(message.messageId)}
              >
                <span className="as-thread__from">{message.from ?? '(unknown sender)'}</span>
                <span className="as-thread__subject">{message.subject ?? '(no subject)'}</span>
                <span className="text-muted">{hitDate(message.date)}</span>
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
