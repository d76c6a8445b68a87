import { describe, expect, it } from 'vitest';
import { isWellFormedText, ZWellFormedInput } from './well-formed-input';

describe('well-formed input text', () => {
  it.each(['', 'plain', 'Zoë Ångström', '日本語', 'emoji 😀 pair', '\t\n'])('accepts %j', (text) => {
    expect(isWellFormedText(text)).toBe(true);
  });

  it.each(['a\u0000b', '\ud800', 'x\udc00y', '\ud83d', 'ok\ud83dok', '\ude00\ud83d'])(
    'refuses %j',
    (text) => {
      expect(isWellFormedText(text)).toBe(false);
    },
  );

  it('names every bad string by its path, keys included', () => {
    const result = ZWellFormedInput.safeParse({
      a: 'fine',
      b: ['x', 'y\u0000'],
      c: { d: '\ud800' },
      ['k\u0000']: 1,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['b.1', 'c.d', 'k\u0000']);
  });
});
