/** The fields a Gmail operator can restrict a word or phrase to (`from:`, `to:`, ...). */
export type TSearchField = 'from' | 'to' | 'cc' | 'subject' | 'filename';

/** `is:` states, read from the copies' IMAP flags and Gmail labels. */
export type TSearchState = 'unread' | 'read' | 'starred' | 'important';

/**
 * A parsed query. Dates are already instants (resolved in the searcher's time zone), so the SQL
 * builder never sees a time zone or the clock.
 */
export type TSearchNode =
  | { kind: 'and'; children: TSearchNode[] }
  | { kind: 'or'; children: TSearchNode[] }
  | { kind: 'not'; child: TSearchNode }
  /** Free text (field null) or a field operator; a phrase matches its words in order. */
  | { kind: 'text'; field: TSearchField | null; value: string; isPhrase: boolean }
  /** `label:` / `in:`: a Gmail label or IMAP folder name of a copy, normalised (see normalizeLabel). */
  | { kind: 'label'; name: string }
  | { kind: 'hasAttachment' }
  | { kind: 'state'; state: TSearchState }
  /** Raw message size in bytes: larger is `>`, smaller is `<`. */
  | { kind: 'size'; comparison: 'larger' | 'smaller'; bytes: number }
  /** after is `>=` (inclusive), before is `<` (exclusive), as in Gmail. */
  | { kind: 'date'; comparison: 'after' | 'before'; at: Date };

export type TArchiveSearchErrorCode = 'BAD_QUERY' | 'BAD_CURSOR' | 'BAD_TIME_ZONE' | 'BAD_REQUEST';

/** A problem with what the searcher sent; `message` is written for them (it names the bad token). */
export class ArchiveSearchError extends Error {
  readonly code: TArchiveSearchErrorCode;
  /** The offending token as typed, and its offset in the query (BAD_QUERY only). */
  readonly token: string | null;
  readonly position: number | null;

  constructor(
    code: TArchiveSearchErrorCode,
    message: string,
    detail: { token?: string; position?: number } = {},
  ) {
    super(message);
    this.name = 'ArchiveSearchError';
    this.code = code;
    this.token = detail.token ?? null;
    this.position = detail.position ?? null;
  }
}
