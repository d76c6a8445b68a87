import { describe, expect, it } from 'vitest';
import { parseMessageMetadata } from './message-metadata.parser';
import { createTextCollector, htmlToText, SEARCH_TEXT_MAX_CHARS, toPostgresText } from './search-text';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('parseMessageMetadata', () => {
  it('reads headers, addresses, attachment names and the text of body and text attachments', async () => {
    const raw = crlf([
      'From: "Alice Example" <Alice@Example.com>',
      'To: Bob <bob@example.com>, Team: carol@example.com, dave@example.com;',
      'Cc: erin@example.com',
      'Subject: =?UTF-8?Q?Quartalszahlen_f=C3=BCr_Q3?=',
      'Message-ID: <q3@example.com>',
      'Date: Tue, 01 Oct 2024 10:00:00 +0200',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><style>p{color:red}</style></head><body><p>Revenue&nbsp;grew &amp; costs fell</p>' +
        '<script>alert("x")</script></body></html>',
      '--b1',
      'Content-Type: text/csv; name="figures.csv"',
      'Content-Disposition: attachment; filename="figures.csv"',
      '',
      'region,amount',
      'north,pumpernickel',
      '--b1',
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      '--b1--',
      '',
    ]);
    const meta = await parseMessageMetadata(raw);
    expect(meta).toMatchObject({
      messageId: '<q3@example.com>',
      fromAddress: 'alice@example.com',
      fromName: 'Alice Example',
      toAddresses: ['bob@example.com', 'carol@example.com', 'dave@example.com'],
      ccAddresses: ['erin@example.com'],
      subject: 'Quartalszahlen für Q3',
      attachmentNames: ['figures.csv', 'report.pdf'],
      hasAttachments: true,
      parseError: null,
    });
    expect(meta.date?.toISOString()).toBe('2024-10-01T08:00:00.000Z');
    expect(meta.bodyText).toContain('Revenue grew & costs fell');
    expect(meta.bodyText).toContain('north,pumpernickel');
    expect(meta.bodyText).not.toMatch(/color:red|alert|<p>|JVBERi/);
    expect(meta.headerText).toContain('Quartalszahlen');
    expect(meta.headerText).toContain('Alice Example alice@example.com');
  });

  it('caps the searchable text of a huge body', async () => {
    const raw = crlf(['Subject: big', 'Content-Type: text/plain', '', 'word '.repeat(200_000)]);
    const meta = await parseMessageMetadata(raw);
    expect(meta.bodyText.length).toBeLessThanOrEqual(SEARCH_TEXT_MAX_CHARS);
    expect(meta.bodyText.length).toBeGreaterThan(SEARCH_TEXT_MAX_CHARS - 10);
  });

  it('keeps what it can of a message whose MIME structure is refused', async () => {
    // Deeper than postal-mime's nesting limit (256): it rejects the whole parse.
    const open = Array.from({ length: 300 }, (_, depth) => [
      `Content-Type: multipart/mixed; boundary="n${depth}"`,
      '',
      `--n${depth}`,
    ]).flat();
    const raw = crlf(['From: mallory@example.com', 'Subject: nested', 'Message-ID: <deep@x>', ...open, 'x']);
    const meta = await parseMessageMetadata(raw);
    expect(meta.parseError).toMatch(/nest/i);
    expect(meta).toMatchObject({
      subject: 'nested',
      fromAddress: 'mallory@example.com',
      messageId: '<deep@x>',
    });
  });

  it('turns garbage into empty fields instead of throwing', async () => {
    const meta = await parseMessageMetadata(Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 10, 0]));
    expect(meta.messageId).toBeNull();
    expect(meta.date).toBeNull();
    expect(meta.bodyText).not.toContain('\u0000');
  });

  it('drops dates Postgres cannot store and caps a hostile Message-ID', async () => {
    const raw = crlf([
      `Message-ID: <${'a'.repeat(5000)}@x>`,
      'Date: Mon, 1 Jan 20000 00:00:00 +0000',
      '',
      'hi',
    ]);
    const meta = await parseMessageMetadata(raw);
    expect(meta.date).toBeNull();
    expect(meta.messageId?.length).toBeLessThanOrEqual(900);
  });
});

describe('search text helpers', () => {
  it('stops collecting at the budget and reports it', () => {
    const collector = createTextCollector(10);
    expect(collector.add('abcdef')).toBe(true);
    expect(collector.add('ghijkl')).toBe(false);
    expect(collector.add('more')).toBe(false);
    expect(collector.text()).toBe('abcdef\nghi');
  });

  it('never cuts a surrogate pair in half', () => {
    const collector = createTextCollector(2);
    collector.add('a😀');
    expect(collector.text()).toBe('a');
  });

  it('replaces what Postgres text refuses', () => {
    expect(toPostgresText('a\u0000b\ud800c')).toBe('a\ufffdb\ufffdc');
    expect(toPostgresText('ok 😀')).toBe('ok 😀');
  });

  it('turns HTML into its visible text', () => {
    expect(htmlToText('<p>a&lt;b &#x41;&#66;</p><!-- hidden --><STYLE>x</STYLE>c')).toBe('a<b AB c');
  });
});
