/**
 * Input cap of a message's full-text vector (body and text attachments; the header text has a
 * tenth of it). Postgres refuses a tsvector of 1 MB or more, and one such message would fail its
 * whole ingest batch. The worst input is distinct one- and two-character CJK words: about 5.5
 * bytes of tsvector per character (3-byte lexeme, 4-byte entry, position), so 150,000 + 15,000
 * characters stay under ~0.9 MB whatever the text, while covering nearly every real message whole.
 */
export const SEARCH_TEXT_MAX_CHARS = 150_000;

/**
 * Characters of body text kept beside the vector for result snippets (ts_headline runs on it): a
 * hit deep in a long body gets the message's opening lines instead of a highlighted passage.
 */
export const SEARCH_PREVIEW_MAX_CHARS = 2_000;

/** Collects text up to a character budget; pieces past the budget are cut or dropped. */
export function createTextCollector(maxChars: number = SEARCH_TEXT_MAX_CHARS) {
  const pieces: string[] = [];
  let length = 0;
  return {
    /** False once the budget is spent, so callers can skip decoding further parts. */
    add(text: string | null | undefined): boolean {
      if (!text || length >= maxChars) return length < maxChars;
      const clean = toPostgresText(text);
      const room = maxChars - length;
      const piece = clean.length > room ? cutAt(clean, room) : clean;
      pieces.push(piece);
      length += piece.length + 1;
      return length < maxChars;
    },
    text(): string {
      return pieces.join('\n');
    },
  };
}

/** The first `end` characters, never leaving half of a surrogate pair at the cut. */
export function cutAt(text: string, end: number): string {
  if (text.length <= end) return text;
  const code = text.charCodeAt(end - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what Postgres refuses.
const UNSAFE_FOR_POSTGRES = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Postgres text (and jsonb) refuses NUL characters and unpaired surrogates, which mail produces
 * (broken charsets, binary parts labelled as text): replace them rather than fail the batch.
 */
export function toPostgresText(text: string): string {
  return text.replace(UNSAFE_FOR_POSTGRES, '\ufffd');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Visible text of an HTML body: markup, scripts, styles and comments removed, common entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (entity, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}
