import { describe, expect, it } from 'vitest';
import { CommandSyntaxError, parseCommand } from './command-parser';

describe('parseCommand', () => {
  it('keeps [section]<partial> inside one atom and parses lists and quoted strings', () => {
    const command = parseCommand([
      'A7 UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100> X-GM-LABELS) (CHANGEDSINCE 42)',
    ]);
    expect(command.tag).toBe('A7');
    expect(command.name).toBe('UID FETCH');
    expect(command.args).toEqual([
      { type: 'atom', value: '1:*' },
      {
        type: 'list',
        items: [
          { type: 'atom', value: 'UID' },
          { type: 'atom', value: 'BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>' },
          { type: 'atom', value: 'X-GM-LABELS' },
        ],
      },
      {
        type: 'list',
        items: [
          { type: 'atom', value: 'CHANGEDSINCE' },
          { type: 'atom', value: '42' },
        ],
      },
    ]);
    expect(parseCommand(['a STATUS "[Gmail]/All \\"Mail\\"" (MESSAGES)']).args[0]).toEqual({
      type: 'string',
      value: '[Gmail]/All "Mail"',
    });
  });

  it('places literals where they were read', () => {
    const literal = Buffer.from('Subject: hi\r\n\r\nbody');
    const command = parseCommand(['a APPEND INBOX (\\Seen) ', literal, '']);
    expect(command.args).toEqual([
      { type: 'atom', value: 'INBOX' },
      { type: 'list', items: [{ type: 'atom', value: '\\Seen' }] },
      { type: 'literal', value: literal },
    ]);
  });

  it('rejects unbalanced input with the tag, for Gmail’s BAD reply', () => {
    for (const text of ['t1 FETCH 1 (UID', 't1 FETCH 1 UID)', 't1 SELECT "INBOX', 't1 FETCH 1 BODY[']) {
      expect(() => parseCommand([text])).toThrow(CommandSyntaxError);
    }
    try {
      parseCommand(['t9 FETCH (']);
    } catch (error) {
      expect((error as CommandSyntaxError).tag).toBe('t9');
    }
  });
});
