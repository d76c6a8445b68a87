import type { TAccessLogEntry } from '../../api/access-log';
import { formatCount } from './archive.labels';

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown) => (typeof value === 'number' ? value : null);

/** What an access reached, in words: the query and its hits, the file, the export, the mailbox. */
export function accessWhat(
  entry: Pick<TAccessLogEntry, 'action' | 'query' | 'messageId' | 'details'>,
): string {
  const d = entry.details;
  const parts: string[] = [];
  if (entry.query !== null) parts.push(entry.query === '' ? 'all messages' : `"${entry.query}"`);
  const count = num(d.count);
  if (entry.action === 'SEARCH' && count !== null) {
    parts.push(`${d.isExact === false ? 'more than ' : ''}${formatCount(count)} found`);
  }
  const description = text(d.description);
  if (description) parts.push(description);
  const filename = text(d.filename);
  if (filename) parts.push(filename);
  const format = text(d.format);
  if (format) parts.push(format === 'ZIP' ? 'zip' : 'mbox');
  const messages = num(d.messages);
  if (messages !== null) parts.push(`${formatCount(messages)} ${messages === 1 ? 'message' : 'messages'}`);
  const mailbox = text(d.mailbox);
  if (mailbox) parts.push(`into ${mailbox}`);
  if (d.allowRemote === true) parts.push('remote images allowed');
  const range = text(d.range);
  if (range) parts.push(`resumed (${range})`);
  if (entry.messageId) parts.push(`message ${entry.messageId.slice(0, 10)}…`);
  const error = text(d.error);
  if (error) parts.push(`error ${error}`);
  return parts.join(' · ') || '—';
}
