import { ArchiveSearchError } from './search-query.types';

export type TToken =
  | {
      type: 'open' | 'close' | 'openBrace' | 'closeBrace' | 'or' | 'and' | 'minus';
      text: string;
      position: number;
    }
  /** A quoted phrase (quotes removed). */
  | { type: 'phrase'; text: string; position: number }
  /** A bare word; `key:value` operators are recognised by the parser. */
  | { type: 'word'; text: string; position: number };

const SPECIAL = new Set(['(', ')', '{', '}', '"']);

function isSpace(char: string): boolean {
  return /\s/u.test(char);
}

/** Splits a query into Gmail's tokens. `-` negates only at the start of a token ("e-mail" is a word). */
export function tokenizeSearchQuery(query: string): TToken[] {
  const tokens: TToken[] = [];
  let index = 0;
  while (index < query.length) {
    const char = query[index] as string;
    if (isSpace(char)) {
      index++;
      continue;
    }
    const position = index;
    if (char === '(' || char === ')' || char === '{' || char === '}') {
      const type = char === '(' ? 'open' : char === ')' ? 'close' : char === '{' ? 'openBrace' : 'closeBrace';
      tokens.push({ type, text: char, position });
      index++;
      continue;
    }
    if (char === '"') {
      const end = query.indexOf('"', index + 1);
      if (end < 0) {
        throw new ArchiveSearchError('BAD_QUERY', `The quote at character ${position + 1} is never closed.`, {
          token: query.slice(position),
          position,
        });
      }
      tokens.push({ type: 'phrase', text: query.slice(index + 1, end), position });
      index = end + 1;
      continue;
    }
    const next = query[index + 1];
    if (char === '-' && next !== undefined && !isSpace(next)) {
      tokens.push({ type: 'minus', text: char, position });
      index++;
      continue;
    }
    let end = index;
    while (end < query.length && !isSpace(query[end] as string) && !SPECIAL.has(query[end] as string)) {
      // A value may follow a colon straight away: subject:"a b", from:(a b), from:{a b}.
      if (
        query[end] === ':' &&
        SPECIAL.has(query[end + 1] ?? '') &&
        query[end + 1] !== ')' &&
        query[end + 1] !== '}'
      ) {
        end++;
        break;
      }
      end++;
    }
    const text = query.slice(index, end);
    tokens.push({ type: text === 'OR' ? 'or' : text === 'AND' ? 'and' : 'word', text, position });
    index = end;
  }
  return tokens;
}
