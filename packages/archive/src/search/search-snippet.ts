/** A piece of a result snippet; matched words have isMatch. Plain text: the caller escapes it. */
export type TSnippetPart = { text: string; isMatch: boolean };

// ts_headline marks matches with these; control characters that previews never keep (see
// SNIPPET_SAFE_PREVIEW_SQL), so the markers cannot be forged by a message's own text.
export const MATCH_START = '\u0001';
export const MATCH_STOP = '\u0002';

/** The stored preview with the marker characters blanked, as SQL over `m`. */
// The first 1,000 characters only: ts_headline re-parses its whole input for every hit, and its
// cost is most of a page's.
export const SNIPPET_SAFE_PREVIEW_SQL = `translate(left(coalesce(m."body_preview", ''), 1000), E'\\x01\\x02', '  ')`;

/** Characters of snippet when nothing is highlighted (no free-text term). */
export const SNIPPET_PLAIN_CHARS = 200;

/** Splits ts_headline output into plain and matched parts, whitespace collapsed. */
export function toSnippetParts(marked: string): TSnippetPart[] {
  const parts: TSnippetPart[] = [];
  const clean = marked.replace(/\s+/g, ' ').trim();
  for (const [index, piece] of clean.split(MATCH_START).entries()) {
    const [match, rest] = index === 0 ? [null, piece] : splitOnce(piece, MATCH_STOP);
    if (match) parts.push({ text: match, isMatch: true });
    if (rest) parts.push({ text: rest, isMatch: false });
  }
  return parts;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + separator.length)];
}
