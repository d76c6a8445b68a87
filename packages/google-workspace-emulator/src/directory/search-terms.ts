import { apiErrors } from './google-api-error';

export type TSearchTerm = { field?: string; operator?: ':' | '='; value: string };

/**
 * Splits a Directory API `query` into terms (`field:value`, `field=value`, bare words); values may
 * be single- or double-quoted to hold spaces. Terms combine with AND, as Google's do.
 */
export function parseSearchTerms(query: string): TSearchTerm[] {
  const terms: TSearchTerm[] = [];
  const pattern = /([A-Za-z][A-Za-z.]*)?([:=])?(?:'([^']*)'|"([^"]*)"|(\S+))/y;
  let position = 0;
  while (position < query.length) {
    if (/\s/.test(query[position]!)) {
      position += 1;
      continue;
    }
    pattern.lastIndex = position;
    const match = pattern.exec(query);
    if (!match) throw apiErrors.invalidInput(query);
    position = pattern.lastIndex;
    const [, field, operator, singleQuoted, doubleQuoted, bare] = match;
    if (field !== undefined && operator !== undefined) {
      const value = singleQuoted ?? doubleQuoted ?? bare ?? '';
      terms.push({ field, operator: operator as ':' | '=', value: value.toLowerCase() });
    } else {
      terms.push({
        value: `${field ?? ''}${operator ?? ''}${singleQuoted ?? doubleQuoted ?? bare ?? ''}`.toLowerCase(),
      });
    }
  }
  return terms;
}

/** `:` matches a prefix (a trailing `*` is optional), `=` the whole value; both ignore case. */
export function matchesText(candidate: string, operator: ':' | '=', value: string): boolean {
  const text = candidate.toLowerCase();
  const needle = value.endsWith('*') ? value.slice(0, -1) : value;
  return operator === '=' ? text === needle : text.startsWith(needle);
}

export function parseBoolean(term: TSearchTerm, query: string): boolean {
  if (term.operator !== '=' || (term.value !== 'true' && term.value !== 'false')) {
    throw apiErrors.invalidInput(query);
  }
  return term.value === 'true';
}
