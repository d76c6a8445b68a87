import { isSystemLabel } from './gmail-labels';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A quoted string when it can be one; a literal when it holds CR, LF or 8-bit characters. */
export function quote(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is exactly for control and 8-bit characters
  if (/[\r\n\u0000\u0080-\uffff]/.test(value)) {
    return `{${Buffer.byteLength(value)}}\r\n${value}`;
  }
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

export function nstring(value: string | undefined): string {
  return value === undefined ? 'NIL' : quote(value);
}

/** INTERNALDATE as RFC 3501 date-time, in UTC. */
export function formatInternalDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, ' ');
  return `"${day}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} +0000"`;
}

/** `17-Jul-1996 02:44:25 -0700` (APPEND date) or `1-Feb-1994` (SEARCH date); undefined if not one. */
export function parseImapDate(text: string): Date | undefined {
  const match = /^\s?(\d{1,2})-([A-Za-z]{3})-(\d{4})(?: (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}))?$/.exec(
    text,
  );
  if (!match) return undefined;
  const month = MONTHS.findIndex((name) => name.toLowerCase() === match[2]!.toLowerCase());
  if (month < 0) return undefined;
  const utc = Date.UTC(
    Number(match[3]),
    month,
    Number(match[1]),
    Number(match[4] ?? 0),
    Number(match[5] ?? 0),
    Number(match[6] ?? 0),
  );
  const offsetMinutes = match[7]
    ? (match[7] === '-' ? -1 : 1) * (Number(match[8]) * 60 + Number(match[9]))
    : 0;
  return new Date(utc - offsetMinutes * 60_000);
}

export function formatFlags(flags: Iterable<string>): string {
  return `(${[...flags].join(' ')})`;
}

/** X-GM-LABELS: system labels as atoms (`\Inbox`), user labels as strings. */
export function formatLabels(labels: Iterable<string>): string {
  return `(${[...labels].map((label) => (isSystemLabel(label) ? label : quote(label))).join(' ')})`;
}

/** Offset of the blank line that ends the header, and where the body starts. */
export function headerBounds(raw: Buffer): { headerEnd: number; bodyStart: number } {
  const crlf = raw.indexOf('\r\n\r\n');
  if (crlf >= 0) return { headerEnd: crlf + 2, bodyStart: crlf + 4 };
  const lf = raw.indexOf('\n\n');
  if (lf >= 0) return { headerEnd: lf + 1, bodyStart: lf + 2 };
  return { headerEnd: raw.length, bodyStart: raw.length };
}

/** Header fields as [name, unfolded-raw-lines] in order. */
export function headerFields(raw: Buffer): { name: string; text: string }[] {
  const { headerEnd } = headerBounds(raw);
  const lines = raw.subarray(0, headerEnd).toString('latin1').split(/\r?\n/);
  const fields: { name: string; text: string }[] = [];
  for (const line of lines) {
    if (line === '') continue;
    const last = fields[fields.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last.text += `\r\n${line}`;
    } else {
      const colon = line.indexOf(':');
      fields.push({ name: (colon > 0 ? line.slice(0, colon) : line).trim().toLowerCase(), text: line });
    }
  }
  return fields;
}

/** BODY[HEADER.FIELDS (...)] / HEADER.FIELDS.NOT: the chosen fields and the blank line. */
export function selectHeaderFields(raw: Buffer, names: readonly string[], isExcluding: boolean): Buffer {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const chosen = headerFields(raw).filter((field) => wanted.has(field.name) !== isExcluding);
  return Buffer.from(`${chosen.map((field) => `${field.text}\r\n`).join('')}\r\n`, 'latin1');
}

/** RFC 3501 ENVELOPE from the header; encoded words are passed on as they are, as Gmail does. */
export function formatEnvelope(raw: Buffer): string {
  const fields = headerFields(raw);
  const value = (name: string) => {
    const field = fields.find((candidate) => candidate.name === name);
    if (!field) return undefined;
    return field.text
      .slice(field.text.indexOf(':') + 1)
      .replace(/\r\n[ \t]+/g, ' ')
      .trim();
  };
  const from = addressList(value('from'));
  const sender = addressList(value('sender')) ?? from;
  const replyTo = addressList(value('reply-to')) ?? from;
  return `(${[
    nstring(value('date')),
    nstring(value('subject')),
    from ?? 'NIL',
    sender ?? 'NIL',
    replyTo ?? 'NIL',
    addressList(value('to')) ?? 'NIL',
    addressList(value('cc')) ?? 'NIL',
    addressList(value('bcc')) ?? 'NIL',
    nstring(value('in-reply-to')),
    nstring(value('message-id')),
  ].join(' ')})`;
}

function addressList(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const addresses = splitAddresses(text)
    .map(parseAddress)
    .filter((address) => address !== undefined);
  if (addresses.length === 0) return undefined;
  return `(${addresses
    .map((address) => `(${nstring(address.name)} NIL ${nstring(address.mailbox)} ${nstring(address.host)})`)
    .join('')})`;
}

// Commas inside quotes or angle brackets do not separate addresses.
function splitAddresses(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let isQuoted = false;
  let depth = 0;
  for (const char of text) {
    if (char === '"') isQuoted = !isQuoted;
    else if (!isQuoted && char === '<') depth += 1;
    else if (!isQuoted && char === '>') depth -= 1;
    if (char === ',' && !isQuoted && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean);
}

function parseAddress(text: string): { name?: string; mailbox?: string; host?: string } | undefined {
  const angle = /^(.*)<([^>]*)>\s*$/.exec(text);
  const address = (angle ? angle[2]! : text).trim();
  const rawName = angle ? angle[1]!.trim().replace(/^"(.*)"$/, '$1') : '';
  const at = address.lastIndexOf('@');
  if (!address) return undefined;
  return {
    name: rawName || undefined,
    mailbox: at >= 0 ? address.slice(0, at) : address,
    host: at >= 0 ? address.slice(at + 1) : undefined,
  };
}
