import type { TToken } from './command-parser';
import { headerBounds, selectHeaderFields } from './imap-format';

export type TSimpleItem =
  | 'UID'
  | 'FLAGS'
  | 'RFC822.SIZE'
  | 'INTERNALDATE'
  | 'ENVELOPE'
  | 'X-GM-MSGID'
  | 'X-GM-THRID'
  | 'X-GM-LABELS'
  | 'MODSEQ';

export type TSection =
  | { type: 'full' }
  | { type: 'header' }
  | { type: 'text' }
  | { type: 'fields'; names: string[]; isExcluding: boolean };

export type TContentItem = {
  kind: 'content';
  /** The name the response uses: `BODY[HEADER.FIELDS (FROM)]<0>`, `RFC822`... */
  responseName: string;
  section: TSection;
  partial?: { start: number; length?: number };
  /** BODY[] (not .PEEK) and RFC822 set \Seen in a read-write folder. */
  setsSeen: boolean;
};

export type TFetchItem = { kind: 'simple'; name: TSimpleItem } | TContentItem;

const SIMPLE = new Set<string>([
  'UID',
  'FLAGS',
  'RFC822.SIZE',
  'INTERNALDATE',
  'ENVELOPE',
  'X-GM-MSGID',
  'X-GM-THRID',
  'X-GM-LABELS',
  'MODSEQ',
]);
const MACROS: Record<string, TSimpleItem[]> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
};
const BODY_ITEM = /^BODY(\.PEEK)?\[([^\]]*)\](?:<(\d+)(?:\.(\d+))?>)?$/i;

/**
 * The FETCH items this stand-in serves. BODYSTRUCTURE and MIME part numbers are not among them:
 * an archiver takes the whole source; anything else answers BAD rather than a made-up structure.
 */
export function parseFetchItems(token: TToken | undefined): TFetchItem[] | undefined {
  if (!token) return undefined;
  const atoms = token.type === 'list' ? token.items : [token];
  const items: TFetchItem[] = [];
  for (const atom of atoms) {
    if (atom.type !== 'atom') return undefined;
    const upper = atom.value.toUpperCase();
    if (SIMPLE.has(upper)) items.push({ kind: 'simple', name: upper as TSimpleItem });
    else if (MACROS[upper] && token.type !== 'list')
      items.push(...MACROS[upper].map((name) => ({ kind: 'simple' as const, name })));
    else if (upper === 'RFC822') items.push(content('RFC822', { type: 'full' }, true));
    else if (upper === 'RFC822.HEADER') items.push(content('RFC822.HEADER', { type: 'header' }, false));
    else if (upper === 'RFC822.TEXT') items.push(content('RFC822.TEXT', { type: 'text' }, true));
    else {
      const body = parseBodyItem(atom.value);
      if (!body) return undefined;
      items.push(body);
    }
  }
  return items;
}

function content(responseName: string, section: TSection, setsSeen: boolean): TContentItem {
  return { kind: 'content', responseName, section, setsSeen };
}

function parseBodyItem(value: string): TContentItem | undefined {
  const match = BODY_ITEM.exec(value);
  if (!match) return undefined;
  const sectionText = match[2]!;
  const section = parseSection(sectionText);
  if (!section) return undefined;
  const start = match[3] === undefined ? undefined : Number(match[3]);
  return {
    kind: 'content',
    responseName: `BODY[${sectionText}]${start === undefined ? '' : `<${start}>`}`,
    section,
    partial: start === undefined ? undefined : { start, length: match[4] ? Number(match[4]) : undefined },
    setsSeen: match[1] === undefined,
  };
}

function parseSection(text: string): TSection | undefined {
  const upper = text.toUpperCase();
  if (upper === '') return { type: 'full' };
  if (upper === 'HEADER') return { type: 'header' };
  if (upper === 'TEXT') return { type: 'text' };
  const fields = /^HEADER\.FIELDS(\.NOT)? \(([^)]*)\)$/i.exec(text);
  if (!fields) return undefined;
  const names = fields[2]!.split(' ').filter(Boolean);
  return { type: 'fields', names, isExcluding: fields[1] !== undefined };
}

/** The bytes an item returns, as a view of the stored message wherever the section is a slice of it. */
export function contentBytes(raw: Buffer, item: TContentItem): Buffer {
  const bytes = sectionBytes(raw, item.section);
  if (!item.partial) return bytes;
  const start = Math.min(item.partial.start, bytes.length);
  const end =
    item.partial.length === undefined ? bytes.length : Math.min(bytes.length, start + item.partial.length);
  return bytes.subarray(start, end);
}

function sectionBytes(raw: Buffer, section: TSection): Buffer {
  if (section.type === 'full') return raw;
  const { bodyStart } = headerBounds(raw);
  if (section.type === 'header') return raw.subarray(0, bodyStart);
  if (section.type === 'text') return raw.subarray(bodyStart);
  return selectHeaderFields(raw, section.names, section.isExcluding);
}

/** Content that counts as downloading the message: the whole source or its body, from the start. */
export function isMessageDownload(item: TContentItem): boolean {
  return (item.section.type === 'full' || item.section.type === 'text') && (item.partial?.start ?? 0) === 0;
}
