import { assertTimeZone, isCalendarDay, startOfDayInZone, subtractPeriod } from './search-dates';
import { type TToken, tokenizeSearchQuery } from './search-query.lexer';
import {
  ArchiveSearchError,
  type TSearchField,
  type TSearchNode,
  type TSearchState,
} from './search-query.types';

export type TParseSearchQueryOptions = {
  /** IANA zone in which after:/before: dates start (the searcher's, else the server's). */
  timeZone: string;
  /** The clock for older_than:/newer_than:. */
  now: Date;
};

/** Longest query accepted: a bound on parse and plan work, far beyond anything typed by hand. */
export const SEARCH_QUERY_MAX_CHARS = 2_000;
const MAX_TERMS = 100;

const FIELD_KEYS: Record<string, TSearchField> = {
  from: 'from',
  to: 'to',
  cc: 'cc',
  subject: 'subject',
  filename: 'filename',
};
const STATES: Record<string, TSearchState> = {
  unread: 'unread',
  read: 'read',
  starred: 'starred',
  important: 'important',
};
const OPERATOR_KEYS = new Set([
  ...Object.keys(FIELD_KEYS),
  'label',
  'in',
  'has',
  'is',
  'larger',
  'smaller',
  'size',
  'after',
  'before',
  'newer',
  'older',
  'older_than',
  'newer_than',
]);
const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * Parses Gmail's search language into a tree; null for a query with nothing to match on (every
 * message, newest first). Precedence as in Gmail: `OR` binds tighter than the implicit AND, so
 * `a b OR c` is a AND (b OR c). Words that Gmail does not treat as operators (`re:`, `http://x`)
 * are free text. Throws ArchiveSearchError BAD_QUERY naming the bad token.
 */
export function parseSearchQuery(query: string, options: TParseSearchQueryOptions): TSearchNode | null {
  assertTimeZone(options.timeZone);
  if (query.length > SEARCH_QUERY_MAX_CHARS) {
    throw new ArchiveSearchError(
      'BAD_QUERY',
      `The query is ${query.length} characters long; at most ${SEARCH_QUERY_MAX_CHARS} are accepted.`,
    );
  }
  const parser = createParser(tokenizeSearchQuery(query), options);
  const node = parser.parseSequence(null);
  parser.expectEnd();
  return node;
}

type TValueContext = { key: string; token: TToken };

function createParser(tokens: TToken[], options: TParseSearchQueryOptions) {
  let index = 0;
  let terms = 0;

  const peek = (): TToken | undefined => tokens[index];

  const fail = (token: TToken, message: string): never => {
    throw new ArchiveSearchError('BAD_QUERY', message, { token: token.text, position: token.position });
  };

  /** Items up to `closer` (or the end), ANDed. Null when none matches anything. */
  function parseSequence(closer: 'close' | null, context: TValueContext | null = null): TSearchNode | null {
    const children: TSearchNode[] = [];
    for (;;) {
      const token = peek();
      if (!token || (closer && token.type === closer)) break;
      if (token.type === 'close' || token.type === 'closeBrace')
        fail(token, `"${token.text}" closes nothing.`);
      if (token.type === 'and') {
        index++;
        continue;
      }
      const node = parseOr(context);
      if (node) children.push(node);
    }
    return combine('and', children);
  }

  function parseOr(context: TValueContext | null): TSearchNode | null {
    const children: TSearchNode[] = [];
    const first = parseUnary(context);
    if (first) children.push(first);
    while (peek()?.type === 'or') {
      const orToken = peek() as TToken;
      index++;
      const next = peek();
      if (!next || next.type === 'close' || next.type === 'closeBrace' || next.type === 'or') {
        fail(orToken, 'OR needs a term on both sides.');
      }
      const node = parseUnary(context);
      if (node) children.push(node);
    }
    return combine('or', children);
  }

  function parseUnary(context: TValueContext | null): TSearchNode | null {
    const token = peek() as TToken;
    if (token.type === 'minus') {
      index++;
      const next = peek();
      if (!next || next.type === 'close' || next.type === 'closeBrace' || next.type === 'or') {
        fail(token, '"-" must be followed by what to exclude.');
      }
      const child = parseUnary(context);
      return child ? { kind: 'not', child } : null;
    }
    return parsePrimary(context);
  }

  function parsePrimary(context: TValueContext | null): TSearchNode | null {
    const token = peek() as TToken;
    index++;
    switch (token.type) {
      case 'open': {
        const node = parseSequence('close', context);
        closeWith('close', token);
        return node;
      }
      case 'openBrace': {
        const children: TSearchNode[] = [];
        while (peek() && peek()?.type !== 'closeBrace') {
          if (peek()?.type === 'or' || peek()?.type === 'and') {
            index++;
            continue;
          }
          const node = parseUnary(context);
          if (node) children.push(node);
        }
        closeWith('closeBrace', token);
        return combine('or', children);
      }
      case 'phrase':
        return context
          ? operatorValue(context, token.text, true, token)
          : textNode(null, token.text, true, token);
      case 'word':
        return parseWord(token, context);
      case 'or':
      case 'and':
        return fail(token, `${token.text} needs a term on both sides.`);
      default:
        return fail(token, `Unexpected "${token.text}".`);
    }
  }

  function closeWith(type: 'close' | 'closeBrace', opener: TToken): void {
    if (peek()?.type !== type) fail(opener, `"${opener.text}" is never closed.`);
    index++;
  }

  function parseWord(token: TToken, context: TValueContext | null): TSearchNode | null {
    const colon = token.text.indexOf(':');
    const key = colon > 0 ? token.text.slice(0, colon).toLowerCase() : '';
    if (context || !OPERATOR_KEYS.has(key)) {
      return context
        ? operatorValue(context, token.text, false, token)
        : textNode(null, token.text, false, token);
    }
    const inline = token.text.slice(colon + 1);
    const operator: TValueContext = { key, token };
    if (inline !== '') return operatorValue(operator, inline, false, token);
    // `subject:"a b"`, `from:(a b)`, `from:{a b}`, or a value after a space (`from: alice`).
    const next = peek();
    if (
      !next ||
      next.type === 'close' ||
      next.type === 'closeBrace' ||
      next.type === 'or' ||
      next.type === 'minus'
    ) {
      return fail(token, `${token.text} needs a value, e.g. ${example(key)}.`);
    }
    return parsePrimary(operator);
  }

  function textNode(
    field: TSearchField | null,
    value: string,
    isPhrase: boolean,
    token: TToken,
  ): TSearchNode | null {
    // Punctuation alone ("&", "--") matches nothing in the index: ignored, as Gmail does.
    if (!/[\p{L}\p{N}]/u.test(value)) {
      if (field) fail(token, `${token.text}: the value has no letters or digits to search for.`);
      return null;
    }
    if (++terms > MAX_TERMS) fail(token, `The query has more than ${MAX_TERMS} terms.`);
    return { kind: 'text', field, value, isPhrase };
  }

  function operatorValue(
    context: TValueContext,
    value: string,
    isPhrase: boolean,
    token: TToken,
  ): TSearchNode | null {
    const { key } = context;
    const field = FIELD_KEYS[key];
    if (field) return textNode(field, value, isPhrase, token);
    const shown = `${key}:${isPhrase ? `"${value}"` : value}`;
    const bad = (why: string): never =>
      fail(context.token === token ? token : { ...token, text: shown }, `${shown}: ${why}`);
    const lower = value.trim().toLowerCase();
    switch (key) {
      case 'label':
      case 'in':
        if (lower === '') bad('the label name is empty.');
        if (key === 'in' && (lower === 'anywhere' || lower === 'all')) return null;
        return { kind: 'label', name: normalizeLabel(lower) };
      case 'has':
        if (lower === 'attachment' || lower === 'attachments') return { kind: 'hasAttachment' };
        return bad('only has:attachment is supported.');
      case 'is': {
        const state = STATES[lower];
        return state ? { kind: 'state', state } : bad(`use is:${Object.keys(STATES).join(', is:')}.`);
      }
      case 'larger':
      case 'smaller':
      case 'size': {
        const match = /^(\d+(?:\.\d+)?)([kmg]?)b?$/.exec(lower);
        if (!match) bad('not a size; write bytes or a number with K, M or G, e.g. 10M or 500K.');
        const bytes = Math.round(Number(match?.[1]) * (SIZE_UNITS[match?.[2] ?? ''] ?? 1));
        return { kind: 'size', comparison: key === 'smaller' ? 'smaller' : 'larger', bytes };
      }
      case 'after':
      case 'newer':
      case 'before':
      case 'older': {
        const at = parseDay(lower);
        if (!at) bad('not a date; write YYYY/MM/DD (or YYYY-MM-DD, MM/DD/YYYY).');
        return {
          kind: 'date',
          comparison: key === 'after' || key === 'newer' ? 'after' : 'before',
          at: at as Date,
        };
      }
      case 'older_than':
      case 'newer_than': {
        const match = /^(\d{1,5})([dmy])$/.exec(lower);
        if (!match) bad('not a period; write a number and d, m or y, e.g. 2d, 6m or 1y.');
        const at = subtractPeriod(options.now, Number(match?.[1]), match?.[2] as 'd' | 'm' | 'y');
        return { kind: 'date', comparison: key === 'older_than' ? 'before' : 'after', at };
      }
      default:
        return bad('unknown operator.');
    }
  }

  /** A calendar day (starting at midnight in the time zone), or Gmail's Unix seconds. */
  function parseDay(value: string): Date | null {
    if (/^\d{9,11}$/.test(value)) return new Date(Number(value) * 1000);
    const ymd = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(value);
    const mdy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
    const [year, month, day] = ymd
      ? [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])]
      : mdy
        ? [Number(mdy[3]), Number(mdy[1]), Number(mdy[2])]
        : [0, 0, 0];
    if (!isCalendarDay(year, month, day)) return null;
    return startOfDayInZone(year, month, day, options.timeZone);
  }

  function expectEnd(): void {
    const token = peek();
    if (token) fail(token, `Unexpected "${token.text}".`);
  }

  return { parseSequence, expectEnd };
}

function combine(kind: 'and' | 'or', children: TSearchNode[]): TSearchNode | null {
  if (children.length === 0) return null;
  if (children.length === 1) return children[0] as TSearchNode;
  // Flattened, so the SQL has one AND (or OR) level per group rather than a deep tree.
  return { kind, children: children.flatMap((child) => (child.kind === kind ? child.children : [child])) };
}

/**
 * Gmail writes labels in queries with spaces and slashes as hyphens (`label:my-project` for
 * "My Project", `label:work-clients` for "Work/Clients"), case-insensitively; system labels drop
 * their backslash ("\\Inbox" is `in:inbox`). Both sides of the comparison go through this.
 */
export function normalizeLabel(label: string): string {
  return label
    .trim()
    .replace(/^\\/, '')
    .toLowerCase()
    .replace(/[\s/]+/g, '-');
}

function example(key: string): string {
  if (key === 'larger' || key === 'smaller' || key === 'size') return `${key}:10M`;
  if (key === 'after' || key === 'before' || key === 'newer' || key === 'older') return `${key}:2024/01/31`;
  if (key === 'older_than' || key === 'newer_than') return `${key}:1y`;
  if (key === 'has') return 'has:attachment';
  if (key === 'is') return 'is:unread';
  if (key === 'label' || key === 'in') return `${key}:inbox`;
  return `${key}:alice`;
}
