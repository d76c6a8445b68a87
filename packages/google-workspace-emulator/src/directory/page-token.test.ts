import { describe, expect, it } from 'vitest';
import { GoogleApiError } from './google-api-error';
import { decodePageToken, encodePageToken, filterFingerprint } from './page-token';

describe('page tokens', () => {
  const filter = filterFingerprint(['example.com', undefined, 'false']);

  it('round-trips a cursor for the same listing and filter', () => {
    const token = encodePageToken({ listing: 'users', after: 'bob@example.com', page: 3, filter });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(token, 'users', filter)).toEqual({
      listing: 'users',
      after: 'bob@example.com',
      page: 3,
      filter,
    });
  });

  it('refuses a token of another listing, another filter, or garbage', () => {
    const token = encodePageToken({ listing: 'users', after: 'bob@example.com', page: 2, filter });
    expect(() => decodePageToken(token, 'groups', filter)).toThrow(GoogleApiError);
    expect(() => decodePageToken(token, 'users', filterFingerprint(['example.net']))).toThrow(GoogleApiError);
    expect(() => decodePageToken('%%%', 'users', filter)).toThrow(GoogleApiError);
    expect(() => decodePageToken(Buffer.from('[1,2]').toString('base64url'), 'users', filter)).toThrow(
      GoogleApiError,
    );
  });
});
