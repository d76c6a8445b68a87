import { createHash } from 'node:crypto';
import { apiErrors } from './google-api-error';

export type TPageCursor = {
  listing: 'users' | 'groups' | 'members';
  /** Sort key of the last item served (users, groups) or the offset of the next one (members). */
  after: string;
  /** 1-based number of the page this token asks for. */
  page: number;
  /** Hash of the listing's filter parameters: a token only continues the listing that issued it. */
  filter: string;
};

export function filterFingerprint(parts: readonly (string | undefined)[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('base64url').slice(0, 10);
}

// Opaque to clients, as Google's are; carrying the cursor avoids any per-page rescan.
export function encodePageToken(cursor: TPageCursor): string {
  return Buffer.from(JSON.stringify([cursor.listing, cursor.after, cursor.page, cursor.filter])).toString(
    'base64url',
  );
}

export function decodePageToken(token: string, listing: TPageCursor['listing'], filter: string): TPageCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw apiErrors.invalidInput();
  }
  if (!Array.isArray(decoded) || decoded.length !== 4) throw apiErrors.invalidInput();
  const [tokenListing, after, page, tokenFilter] = decoded as unknown[];
  const isValid =
    tokenListing === listing &&
    typeof after === 'string' &&
    typeof page === 'number' &&
    Number.isInteger(page) &&
    page > 1 &&
    tokenFilter === filter;
  if (!isValid) throw apiErrors.invalidInput();
  return { listing, after: after as string, page: page as number, filter };
}
