import { ArchiveSearchError } from './search-query.types';

/** Where a page ended: the last hit's date (UTC timestamp text, null for undated mail) and id. */
export type TSearchCursor = { date: string | null; address: string };

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

/** Opaque to callers (base64url JSON): they hand back what they were given. */
export function encodeSearchCursor(cursor: TSearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.date, cursor.address])).toString('base64url');
}

export function decodeSearchCursor(text: string): TSearchCursor {
  const bad = () => new ArchiveSearchError('BAD_CURSOR', 'The page cursor is not one this search returned.');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(value) || value.length !== 2) throw bad();
  const [date, address] = value as unknown[];
  if (date !== null && (typeof date !== 'string' || !TIMESTAMP.test(date))) throw bad();
  if (typeof address !== 'string' || address.length === 0 || address.length > 200) throw bad();
  return { date, address };
}
