import { describe, expect, it } from 'vitest';
import { normalizeLabel, parseSearchQuery } from './search-query.parser';
import { ArchiveSearchError, type TSearchNode } from './search-query.types';

const NOW = new Date('2026-03-31T12:00:00.000Z');
const parse = (query: string, timeZone = 'UTC') => parseSearchQuery(query, { timeZone, now: NOW });
const text = (value: string, field: string | null = null, isPhrase = false): TSearchNode =>
  ({ kind: 'text', field, value, isPhrase }) as TSearchNode;

function errorOf(query: string, timeZone = 'UTC'): ArchiveSearchError {
  try {
    parse(query, timeZone);
  } catch (error) {
    if (error instanceof ArchiveSearchError) return error;
    throw error;
  }
  throw new Error(`no error for ${query}`);
}

describe('parseSearchQuery: text, phrases, AND, OR, negation, grouping', () => {
  it('reads nothing to match as null (every message)', () => {
    expect(parse('')).toBeNull();
    expect(parse('   ')).toBeNull();
    expect(parse('& -- ...')).toBeNull();
    expect(parse('in:anywhere')).toBeNull();
  });

  it('ANDs free words and keeps phrases whole', () => {
    expect(parse('budget')).toEqual(text('budget'));
    expect(parse('budget  meeting')).toEqual({ kind: 'and', children: [text('budget'), text('meeting')] });
    expect(parse('"quarterly budget" review')).toEqual({
      kind: 'and',
      children: [text('quarterly budget', null, true), text('review')],
    });
    expect(parse('budget AND meeting')).toEqual(parse('budget meeting'));
  });

  it('binds OR tighter than the implicit AND, as Gmail does', () => {
    expect(parse('a b OR c')).toEqual({
      kind: 'and',
      children: [text('a'), { kind: 'or', children: [text('b'), text('c')] }],
    });
    expect(parse('a OR b OR c')).toEqual({ kind: 'or', children: [text('a'), text('b'), text('c')] });
    expect(parse('{a b c}')).toEqual({ kind: 'or', children: [text('a'), text('b'), text('c')] });
    expect(parse('(a OR b) c')).toEqual({
      kind: 'and',
      children: [{ kind: 'or', children: [text('a'), text('b')] }, text('c')],
    });
    // Lower-case "or" is a word, as in Gmail.
    expect(parse('a or b')).toEqual({ kind: 'and', children: [text('a'), text('or'), text('b')] });
  });

  it('negates terms, phrases, operators and groups with a leading "-" only', () => {
    expect(parse('-spam')).toEqual({ kind: 'not', child: text('spam') });
    expect(parse('-"out of office"')).toEqual({ kind: 'not', child: text('out of office', null, true) });
    expect(parse('-from:bob')).toEqual({ kind: 'not', child: text('bob', 'from') });
    expect(parse('-(a OR b)')).toEqual({
      kind: 'not',
      child: { kind: 'or', children: [text('a'), text('b')] },
    });
    expect(parse('e-mail')).toEqual(text('e-mail'));
    expect(parse('a - b')).toEqual({ kind: 'and', children: [text('a'), text('b')] });
  });

  it('treats unknown key:value words as free text (re:, URLs, times)', () => {
    expect(parse('re:budget')).toEqual(text('re:budget'));
    expect(parse('http://example.com/x')).toEqual(text('http://example.com/x'));
    expect(parse('10:30')).toEqual(text('10:30'));
  });
});

describe('parseSearchQuery: operators', () => {
  it('restricts words and phrases to from:, to:, cc:, subject: and filename:', () => {
    expect(parse('from:alice@example.com')).toEqual(text('alice@example.com', 'from'));
    expect(parse('TO:bob')).toEqual(text('bob', 'to'));
    expect(parse('cc:carol')).toEqual(text('carol', 'cc'));
    expect(parse('subject:"budget meeting"')).toEqual(text('budget meeting', 'subject', true));
    expect(parse('filename:pdf')).toEqual(text('pdf', 'filename'));
    expect(parse('from: alice')).toEqual(text('alice', 'from'));
  });

  it('applies an operator to a whole group: (…) is AND, {…} is OR', () => {
    expect(parse('subject:(budget meeting)')).toEqual({
      kind: 'and',
      children: [text('budget', 'subject'), text('meeting', 'subject')],
    });
    expect(parse('from:{alice bob}')).toEqual({
      kind: 'or',
      children: [text('alice', 'from'), text('bob', 'from')],
    });
    expect(parse('from:(alice OR "bob smith")')).toEqual({
      kind: 'or',
      children: [text('alice', 'from'), text('bob smith', 'from', true)],
    });
    expect(parse('label:{work home}')).toEqual({
      kind: 'or',
      children: [
        { kind: 'label', name: 'work' },
        { kind: 'label', name: 'home' },
      ],
    });
  });

  it('reads label:, in:, has:attachment and is:', () => {
    expect(parse('label:My-Project')).toEqual({ kind: 'label', name: 'my-project' });
    expect(parse('label:"My Project"')).toEqual({ kind: 'label', name: 'my-project' });
    expect(parse('in:inbox')).toEqual({ kind: 'label', name: 'inbox' });
    expect(parse('has:attachment')).toEqual({ kind: 'hasAttachment' });
    expect(parse('is:unread is:starred')).toEqual({
      kind: 'and',
      children: [
        { kind: 'state', state: 'unread' },
        { kind: 'state', state: 'starred' },
      ],
    });
  });

  it('reads sizes in bytes, K, M and G (binary units)', () => {
    expect(parse('larger:10M')).toEqual({ kind: 'size', comparison: 'larger', bytes: 10 * 1024 * 1024 });
    expect(parse('smaller:500K')).toEqual({ kind: 'size', comparison: 'smaller', bytes: 500 * 1024 });
    expect(parse('size:1000')).toEqual({ kind: 'size', comparison: 'larger', bytes: 1000 });
    expect(parse('larger:1.5mb')).toEqual({ kind: 'size', comparison: 'larger', bytes: 1572864 });
    expect(parse('smaller:2G')).toEqual({ kind: 'size', comparison: 'smaller', bytes: 2 * 1024 ** 3 });
  });

  it('starts after:/before: days at midnight in the given time zone', () => {
    expect(parse('after:2024/01/31')).toEqual({
      kind: 'date',
      comparison: 'after',
      at: new Date('2024-01-31T00:00:00.000Z'),
    });
    expect(parse('before:2024-07-01', 'Europe/Paris')).toEqual({
      kind: 'date',
      comparison: 'before',
      at: new Date('2024-06-30T22:00:00.000Z'),
    });
    expect(parse('after:1/31/2024', 'America/Los_Angeles')).toEqual({
      kind: 'date',
      comparison: 'after',
      at: new Date('2024-01-31T08:00:00.000Z'),
    });
    expect(parse('newer:2024/1/5', 'Asia/Kolkata')).toMatchObject({
      at: new Date('2024-01-04T18:30:00.000Z'),
    });
    expect(parse('older:2024/01/05')).toMatchObject({ comparison: 'before' });
    expect(parse('after:1704067200')).toMatchObject({ at: new Date('2024-01-01T00:00:00.000Z') });
  });

  it('crosses DST changes correctly', () => {
    // Europe/London goes to summer time on 2024-03-31 at 01:00 UTC; midnight is still GMT.
    expect(parse('after:2024/03/31', 'Europe/London')).toMatchObject({
      at: new Date('2024-03-31T00:00:00.000Z'),
    });
    expect(parse('after:2024/04/01', 'Europe/London')).toMatchObject({
      at: new Date('2024-03-31T23:00:00.000Z'),
    });
    // America/Santiago skips from 00:00 to 01:00 on 2024-09-08: the day starts at 01:00 local (04:00 UTC).
    expect(parse('after:2024/09/08', 'America/Santiago')).toMatchObject({
      at: new Date('2024-09-08T04:00:00.000Z'),
    });
  });

  it('counts older_than:/newer_than: back from now in days, calendar months and years', () => {
    expect(parse('older_than:2d')).toEqual({
      kind: 'date',
      comparison: 'before',
      at: new Date('2026-03-29T12:00:00Z'),
    });
    expect(parse('newer_than:1m')).toEqual({
      kind: 'date',
      comparison: 'after',
      at: new Date('2026-02-28T12:00:00Z'),
    });
    expect(parse('newer_than:13m')).toMatchObject({ at: new Date('2025-02-28T12:00:00Z') });
    expect(parse('older_than:1y')).toMatchObject({ at: new Date('2025-03-31T12:00:00Z') });
  });
});

describe('parseSearchQuery: errors name the bad token', () => {
  it.each([
    ['larger:10X', 'larger:10X', 0],
    ['budget after:2024/13/01', 'after:2024/13/01', 7],
    ['after:2023/02/29', 'after:2023/02/29', 0],
    ['before:yesterday', 'before:yesterday', 0],
    ['older_than:3w', 'older_than:3w', 0],
    ['has:drive', 'has:drive', 0],
    ['is:muted', 'is:muted', 0],
    ['from:', 'from:', 0],
    ['a from:)', 'from:', 2],
    ['label:""', 'label:""', 6],
    ['subject:"!!"', '!!', 8],
    ['a OR', 'OR', 2],
    ['OR a', 'OR', 0],
    ['a (b', '(', 2],
    ['a b)', ')', 3],
    ['{a b', '{', 0],
    ['a -)', '-', 2],
    ['say "hello', '"hello', 4],
  ])('%s -> %s', (query, token, position) => {
    const error = errorOf(query);
    expect(error.code).toBe('BAD_QUERY');
    expect(error.token).toBe(token);
    expect(error.position).toBe(position);
  });

  it('explains what to write instead', () => {
    expect(errorOf('larger:huge').message).toBe(
      'larger:huge: not a size; write bytes or a number with K, M or G, e.g. 10M or 500K.',
    );
    expect(errorOf('after:2024/02/30').message).toContain('write YYYY/MM/DD');
    expect(errorOf('from:').message).toBe('from: needs a value, e.g. from:alice.');
  });

  it('refuses an unknown time zone, over-long queries and too many terms', () => {
    expect(errorOf('a', 'Mars/Olympus').code).toBe('BAD_TIME_ZONE');
    expect(errorOf('a'.repeat(2_001)).message).toContain('at most 2000');
    expect(errorOf(Array.from({ length: 101 }, (_, i) => `w${i}`).join(' ')).message).toContain(
      'more than 100 terms',
    );
  });
});

describe('normalizeLabel', () => {
  it('matches Gmail labels as typed in queries', () => {
    expect(normalizeLabel('\\Inbox')).toBe('inbox');
    expect(normalizeLabel('Work/Clients')).toBe('work-clients');
    expect(normalizeLabel('My  Project')).toBe('my-project');
  });
});
