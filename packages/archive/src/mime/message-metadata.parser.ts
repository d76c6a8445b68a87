import PostalMime, { type Address, type Email } from 'postal-mime';
import { createTextCollector, htmlToText, SEARCH_TEXT_MAX_CHARS, toPostgresText } from './search-text';

export type TMessageMetadata = {
  messageId: string | null;
  date: Date | null;
  fromAddress: string | null;
  fromName: string | null;
  toAddresses: string[];
  ccAddresses: string[];
  subject: string | null;
  attachmentNames: string[];
  hasAttachments: boolean;
  /** Subject, sender and recipients: weighted above the body in the search vector. */
  headerText: string;
  /** Body and text attachments, capped at SEARCH_TEXT_MAX_CHARS. */
  bodyText: string;
  /** Why the MIME structure could not be parsed; what could be read is kept all the same. */
  parseError: string | null;
};

// Btree index entries must stay under ~2.7 kB: a hostile Message-ID must not fail the batch.
const MAX_HEADER_FIELD_CHARS = 900;
const MAX_ADDRESSES = 1_000;
const MAX_ATTACHMENT_NAMES = 500;
const TEXT_ATTACHMENT_TYPES =
  /^(text\/|application\/(json|xml|csv)|message\/(delivery-status|disposition-notification))/;

/**
 * What the archive indexes about a message. Never throws for bad mail: a message postal-mime
 * rejects is parsed again from its header block alone, and failing that, left with empty fields.
 */
export async function parseMessageMetadata(raw: Buffer): Promise<TMessageMetadata> {
  try {
    return fromEmail(await PostalMime.parse(raw), null);
  } catch (error) {
    const parseError = toPostgresText(String((error as Error)?.message ?? error)).slice(0, 500);
    try {
      return fromEmail(await PostalMime.parse(headerBlock(raw)), parseError);
    } catch {
      return fromEmail({ headers: [], headerLines: [], attachments: [] }, parseError);
    }
  }
}

function fromEmail(email: Email, parseError: string | null): TMessageMetadata {
  const from = mailboxes(email.from ? [email.from] : [])[0];
  const to = mailboxes(email.to ?? []);
  const cc = mailboxes(email.cc ?? []);
  const subject = headerField(email.subject);
  const attachments = email.attachments.filter((item) => item.disposition !== 'inline' || item.filename);
  const attachmentNames = attachments
    .map((item) => headerField(item.filename))
    .filter((name): name is string => name !== null)
    .slice(0, MAX_ATTACHMENT_NAMES);

  const header = createTextCollector(SEARCH_TEXT_MAX_CHARS / 10);
  header.add(subject);
  for (const person of [from, ...to, ...cc]) if (person) header.add(`${person.name} ${person.address}`);
  header.add(attachmentNames.join(' '));

  const body = createTextCollector();
  body.add(email.text ?? (email.html ? htmlToText(email.html) : undefined));
  const decoder = new TextDecoder('utf-8');
  for (const attachment of email.attachments) {
    if (!TEXT_ATTACHMENT_TYPES.test(attachment.mimeType)) continue;
    const content = attachment.content;
    // Only the head of a big attachment can fit the budget: never decode all of a 30 MB CSV.
    const bytes = typeof content === 'string' ? undefined : new Uint8Array(content as ArrayBufferLike);
    const text =
      bytes === undefined
        ? (content as string)
        : decoder.decode(bytes.subarray(0, Math.min(bytes.length, SEARCH_TEXT_MAX_CHARS * 4)));
    if (!body.add(attachment.mimeType === 'text/html' ? htmlToText(text) : text)) break;
  }

  return {
    messageId: headerField(email.messageId),
    date: parseDate(email.date),
    fromAddress: from?.address ?? null,
    fromName: from?.name || null,
    toAddresses: to.map((item) => item.address),
    ccAddresses: cc.map((item) => item.address),
    subject,
    attachmentNames,
    hasAttachments: attachments.length > 0,
    headerText: header.text(),
    bodyText: body.text(),
    parseError,
  };
}

function mailboxes(addresses: Address[]): { name: string; address: string }[] {
  const flat = addresses.flatMap((item) => (item.group ? item.group : [item]));
  return flat
    .filter((item) => item.address)
    .slice(0, MAX_ADDRESSES)
    .map((item) => ({
      name: headerField(item.name) ?? '',
      address: (headerField(item.address) ?? '').toLowerCase(),
    }));
}

function headerField(value: string | null | undefined): string | null {
  if (!value) return null;
  const clean = toPostgresText(value).trim().slice(0, MAX_HEADER_FIELD_CHARS);
  return clean === '' ? null : clean;
}

// Postgres timestamps span years 4713 BC to 294276 AD, JS Dates more; mail carries any garbage.
function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 1 || year > 9999 ? null : date;
}

function headerBlock(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  const endLf = raw.indexOf('\n\n');
  const cut = [end, endLf].filter((index) => index >= 0);
  return raw.subarray(0, cut.length > 0 ? Math.min(...cut) + 2 : Math.min(raw.length, 64 * 1024));
}
