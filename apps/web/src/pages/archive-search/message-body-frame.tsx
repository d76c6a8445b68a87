import { useState } from 'react';
import { archiveUrls, type TArchivedMessageView, type TReadArea } from '../../api/archive-read';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';

type TMessageBodyFrameProps = { area: TReadArea; message: TArchivedMessageView };

/**
 * The message's HTML, sanitised by the server, in a frame that may run nothing: the sandbox has
 * neither allow-scripts nor allow-same-origin (so the frame can never reach the console's cookies or
 * API), and the server's own CSP on the body repeats that. Links may open in a new tab, outside the
 * sandbox. Remote images would tell the sender the mail was read, so they wait for the reader.
 */
export function MessageBodyFrame({ area, message }: TMessageBodyFrameProps) {
  const [allowRemote, setAllowRemote] = useState(false);
  if (!message.hasHtml) {
    return message.text ? (
      <pre className="as-body-text">{message.text}</pre>
    ) : (
      <p className="text-muted">This message has no text.</p>
    );
  }
  const hasRemote = message.remoteContentCount > 0;
  return (
    <div className="as-body">
      {hasRemote && !allowRemote ? (
        <Alert
          tone="info"
          title={`${message.remoteContentCount} remote ${message.remoteContentCount === 1 ? 'image is' : 'images are'} blocked`}
          action={
            <Button variant="secondary" size="sm" onClick={() => setAllowRemote(true)}>
              Show remote images
            </Button>
          }
        >
          Pictures stored on the sender's server can tell the sender when and where the message was read. Show
          them only if you trust the sender.
        </Alert>
      ) : null}
      {hasRemote && allowRemote ? (
        <p className="as-body__note text-muted" role="status">
          Remote images are shown for this message.
        </p>
      ) : null}
      <iframe
        // A new address (and element) when remote images are allowed: the frame loads the other body.
        key={allowRemote ? 'remote' : 'blocked'}
        className="as-body__frame"
        title={`Message: ${message.subject ?? '(no subject)'}`}
        src={archiveUrls.body(area, message.messageId, allowRemote)}
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        data-remote={allowRemote ? 'allowed' : 'blocked'}
      />
    </div>
  );
}
