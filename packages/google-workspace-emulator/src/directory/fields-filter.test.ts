import { describe, expect, it } from 'vitest';
import { parseFields, selectFields } from './fields-filter';
import { GoogleApiError } from './google-api-error';

const RESPONSE = {
  kind: 'admin#directory#users',
  nextPageToken: 'abc',
  users: [
    {
      id: '1',
      primaryEmail: 'a@example.com',
      name: { givenName: 'A', familyName: 'Z', fullName: 'A Z' },
      suspended: false,
    },
    {
      id: '2',
      primaryEmail: 'b@example.com',
      name: { givenName: 'B', familyName: 'Y', fullName: 'B Y' },
      suspended: true,
    },
  ],
};

describe('partial responses (fields=)', () => {
  it('keeps nested selections inside arrays', () => {
    expect(selectFields(RESPONSE, parseFields('nextPageToken,users(id,name/givenName)'))).toEqual({
      nextPageToken: 'abc',
      users: [
        { id: '1', name: { givenName: 'A' } },
        { id: '2', name: { givenName: 'B' } },
      ],
    });
  });

  it('keeps a whole sub-object and supports the wildcard', () => {
    expect(selectFields(RESPONSE, parseFields('users/name'))).toEqual({
      users: [{ name: RESPONSE.users[0]!.name }, { name: RESPONSE.users[1]!.name }],
    });
    expect(selectFields(RESPONSE, parseFields('users(*)'))).toEqual({ users: RESPONSE.users });
  });

  it('merges two selections of the same field', () => {
    expect(selectFields(RESPONSE, parseFields('users(id),users(suspended)'))).toEqual({
      users: [
        { id: '1', suspended: false },
        { id: '2', suspended: true },
      ],
    });
  });

  it.each(['users(id', 'users)', 'users(,id)', '', 'a//b'])(
    'rejects the malformed selection %j',
    (fields) => {
      expect(() => parseFields(fields)).toThrow(GoogleApiError);
    },
  );
});
