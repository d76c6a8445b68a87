import type { TArchiveHit } from '../../api/archive-read';

/**
 * A result's snippet with the matched words marked. The server sends plain text parts, never HTML:
 * each part becomes a text node, so nothing a sender wrote can turn into markup here.
 */
export function SnippetText({ parts }: { parts: TArchiveHit['snippet'] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.isMatch ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts are a fixed sequence of one snippet
          <mark key={index}>{part.text}</mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts are a fixed sequence of one snippet
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}
