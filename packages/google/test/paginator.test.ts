import { describe, expect, it } from 'vitest';
import { DirectoryError, GoogleAuthError, paginate, type TListingProgress } from '../src/index';

function pages(count: number, perPage: number) {
  return Array.from({ length: count }, (_, page) => ({
    items: Array.from({ length: perPage }, (_, i) => page * perPage + i),
    nextPageToken: page + 1 < count ? `token-${page + 1}` : null,
  }));
}

describe('paginate', () => {
  it('follows page tokens and yields every item in order, reporting progress per page', async () => {
    const source = pages(3, 2);
    const tokens: (string | null)[] = [];
    const progress: TListingProgress[] = [];
    const items: number[] = [];
    for await (const item of paginate({
      kind: 'users',
      label: 'users',
      fetchPage: async (pageToken, pageNumber) => {
        tokens.push(pageToken);
        return source[pageNumber - 1]!;
      },
      onProgress: (p) => progress.push(p),
    })) {
      items.push(item);
    }
    expect(items).toEqual([0, 1, 2, 3, 4, 5]);
    expect(tokens).toEqual([null, 'token-1', 'token-2']);
    expect(progress).toEqual([
      { kind: 'users', pages: 1, items: 2 },
      { kind: 'users', pages: 2, items: 4 },
      { kind: 'users', pages: 3, items: 6 },
    ]);
  });

  it('fetches lazily: a consumer that stops early does not cause more requests', async () => {
    let requests = 0;
    const source = pages(5, 10);
    for await (const item of paginate({
      kind: 'groups',
      label: 'groups',
      fetchPage: async (_token, pageNumber) => {
        requests += 1;
        return source[pageNumber - 1]!;
      },
    })) {
      if (item === 12) break;
    }
    expect(requests).toBe(2);
  });

  it('handles an empty listing', async () => {
    const items: unknown[] = [];
    for await (const item of paginate({
      kind: 'members',
      label: 'members of group x',
      fetchPage: async () => ({ items: [], nextPageToken: null }),
    })) {
      items.push(item);
    }
    expect(items).toEqual([]);
  });

  it('turns a later page failure into LISTING_INCOMPLETE naming the page and saying nothing changed', async () => {
    const source = pages(4, 3);
    const seen: number[] = [];
    const failure = new DirectoryError('GOOGLE_UNAVAILABLE', 'Google failed with HTTP 503.', {
      httpStatus: 503,
    });
    const run = async () => {
      for await (const item of paginate({
        kind: 'users',
        label: 'users',
        fetchPage: async (_token, pageNumber) => {
          if (pageNumber === 3) throw failure;
          return source[pageNumber - 1]!;
        },
      })) {
        seen.push(item);
      }
    };
    const error = await run().then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DirectoryError);
    const incomplete = error as DirectoryError;
    expect(incomplete.code).toBe('LISTING_INCOMPLETE');
    expect(incomplete.details).toMatchObject({ page: 3, itemsRead: 6, listing: 'users', httpStatus: 503 });
    expect(incomplete.message).toMatch(/page 3/);
    expect(incomplete.message).toMatch(/nothing was changed/);
    expect(incomplete.cause).toBe(failure);
    expect(seen).toHaveLength(6);
  });

  it('lets a first-page failure and token errors through unchanged', async () => {
    const notAdmin = new DirectoryError('NOT_AN_ADMIN', 'not an admin');
    const first = paginate({
      kind: 'users',
      label: 'users',
      fetchPage: async () => {
        throw notAdmin;
      },
    });
    await expect(first.next()).rejects.toBe(notAdmin);

    const authError = new GoogleAuthError('DELEGATION_NOT_AUTHORIZED', 'no delegation', {
      clientId: '1',
      clientEmail: 'sa@x',
      subject: 'admin@x',
      scopes: ['s'],
      tokenUri: 'https://t',
    });
    const later = paginate({
      kind: 'users',
      label: 'users',
      fetchPage: async (_token, pageNumber) => {
        if (pageNumber === 2) throw authError;
        return { items: [1], nextPageToken: 'next' };
      },
    });
    await later.next();
    await expect(later.next()).rejects.toBe(authError);
  });
});
