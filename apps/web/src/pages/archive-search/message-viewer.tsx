import { archiveUrls, type TReadArea, useArchivedMessage } from '../../api/archive-read';
import { Button } from '../../components/button';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { formatDateTime } from '../../lib/format-date';
import { formatBytes } from '../archive/archive.labels';
import { MessageBodyFrame } from './message-body-frame';
import { MessageThread } from './message-thread';

type TMessageViewerProps = {
  area: TReadArea;
  messageId: string;
  onOpen: (messageId: string) => void;
  onClose: () => void;
};

/** One archived message: who, when, where it is kept, its attachments, its body and its conversation. */
export function MessageViewer({ area, messageId, onOpen, onClose }: TMessageViewerProps) {
  const message = useArchivedMessage(area, messageId);
  return (
    <article className="as-viewer" aria-label="Message">
      <div className="as-viewer__bar">
        <Button variant="ghost" size="sm" onClick={onClose}>
          ← Back to results
        </Button>
        {message.data ? (
          <a className="button button--secondary button--sm" href={archiveUrls.raw(area, messageId)} download>
            Download .eml
          </a>
        ) : null}
      </div>
      {message.isPending ? (
        <Spinner label="Opening the message" />
      ) : message.isError ? (
        <QueryError title="The message could not be opened" error={message.error} />
      ) : (
        <>
          <h2 className="as-viewer__subject">{message.data.subject?.trim() || '(no subject)'}</h2>
          <dl className="as-headers">
            <dt>From</dt>
            <dd>{message.data.from ?? '—'}</dd>
            <dt>To</dt>
            <dd>{message.data.to ?? '—'}</dd>
            {message.data.cc ? (
              <>
                <dt>Cc</dt>
                <dd>{message.data.cc}</dd>
              </>
            ) : null}
            <dt>Date</dt>
            <dd>{message.data.date ? formatDateTime(message.data.date) : '—'}</dd>
            <dt>Kept in</dt>
            <dd>
              {message.data.copies
                .map((copy) =>
                  [
                    copy.archive.name,
                    copy.folder,
                    ...copy.labels.filter((label) => label !== copy.folder),
                  ].join(' · '),
                )
                .join('; ') || '—'}
            </dd>
          </dl>
          <details className="as-all-headers">
            <summary>All headers ({message.data.headers.length})</summary>
            <dl>
              {message.data.headers.map((header, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: headers repeat (Received) and keep their order
                <div key={index} className="as-all-headers__row">
                  <dt>{header.name}</dt>
                  <dd>{header.value}</dd>
                </div>
              ))}
            </dl>
          </details>
          {message.data.attachments.length > 0 ? (
            <section aria-label="Attachments" className="as-attachments">
              <h3 className="as-viewer__heading">Attachments</h3>
              <ul className="as-attachments__list">
                {message.data.attachments.map((attachment) => (
                  <li key={attachment.index}>
                    <a href={archiveUrls.attachment(area, messageId, attachment.index)} download>
                      {attachment.filename}
                    </a>{' '}
                    <span className="text-muted">
                      {formatBytes(attachment.size)} · {attachment.contentType}
                      {attachment.isInline ? ' · shown in the message' : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <MessageBodyFrame key={messageId} area={area} message={message.data} />
          <MessageThread area={area} messageId={messageId} onOpen={onOpen} />
        </>
      )}
    </article>
  );
}
