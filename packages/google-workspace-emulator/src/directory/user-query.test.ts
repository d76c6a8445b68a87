import { describe, expect, it } from 'vitest';
import type { TUser } from '../domain/user.store';
import { GoogleApiError } from './google-api-error';
import { parseUserQuery } from './user-query';

const base: TUser = {
  id: '1',
  primaryEmail: 'mary.ann@example.com',
  givenName: 'Mary Ann',
  familyName: 'O’Neil',
  aliases: ['mao@example.net'],
  suspended: false,
  archived: false,
  isAdmin: false,
  orgUnitPath: '/Sales/EMEA',
  creationTime: '2020-01-01T00:00:00.000Z',
  lastLoginTime: null,
  deletionTime: null,
  emailVerified: true,
  imapDisabled: false,
  etag: '"x"',
};

const matches = (query: string, user: Partial<TUser> = {}) => parseUserQuery(query)!({ ...base, ...user });

describe('users.list query', () => {
  it('matches email prefixes on the primary address and on aliases, with or without *', () => {
    expect(matches('email:mary')).toBe(true);
    expect(matches('email:mao*')).toBe(true);
    expect(matches('email:ann')).toBe(false);
    expect(matches("email='mary.ann@example.com'")).toBe(true);
    expect(matches('email=mary')).toBe(false);
  });

  it('matches quoted name prefixes case-insensitively', () => {
    expect(matches("givenName:'mary a'")).toBe(true);
    expect(matches('familyName:o’n')).toBe(true);
    expect(matches('givenName:Ann')).toBe(false);
  });

  it('combines terms with AND and reads booleans', () => {
    expect(matches('isSuspended=false email:mary')).toBe(true);
    expect(matches('isSuspended=true email:mary')).toBe(false);
    expect(matches('isAdmin=true', { isAdmin: true })).toBe(true);
    expect(matches("orgUnitPath='/Sales/EMEA'")).toBe(true);
  });

  it('treats a bare word as a prefix of a name or an address', () => {
    expect(matches('mary')).toBe(true);
    expect(matches('neil')).toBe(false);
  });

  it('returns no predicate for an empty query', () => {
    expect(parseUserQuery('   ')).toBeUndefined();
  });

  it.each(['phone=1', 'isSuspended:yes', 'isSuspended=maybe', 'orgUnitPath:/Sales'])(
    'rejects %s',
    (query) => {
      expect(() => parseUserQuery(query)).toThrow(GoogleApiError);
    },
  );
});
