import { describe, expect, it } from 'vitest';
import { emailsOf, toDesiredUser, toDomainSet, userNameOf } from './desired-user.mapper';
import { googleUser } from './plan.fixtures';

describe('desired user mapping', () => {
  it('names the user after the primary address, lower-cased and trimmed', () => {
    expect(userNameOf({ primaryEmail: ' Eve.Example@Example.COM ' })).toBe('eve.example@example.com');
  });

  it('lists the primary address first, then aliases in order, lower-cased and de-duplicated', () => {
    const emails = emailsOf({
      primaryEmail: 'Eve@Example.com',
      aliases: ['x@example.com', 'EVE@example.com', 'eve@example.org', 'X@Example.com', ''],
    });
    expect(emails).toEqual(['eve@example.com', 'x@example.com', 'eve@example.org']);
  });

  it('keeps the primary address even when its domain is not in the list', () => {
    const domains = toDomainSet(['Example.org']);
    expect(
      emailsOf({ primaryEmail: 'eve@old.example', aliases: ['eve@example.org', 'e@old.example'] }, domains),
    ).toEqual(['eve@old.example', 'eve@example.org']);
  });

  it('treats an empty domain list as no restriction', () => {
    expect(toDomainSet([])).toBeNull();
    expect(toDomainSet(undefined)).toBeNull();
  });

  it('maps every field the database stores', () => {
    const google = googleUser('g-9', 'Eve@Example.com', {
      fullName: 'Eve E.',
      isSuspended: true,
      orgUnitPath: null,
      aliases: ['eve@example.net'],
    });
    expect(toDesiredUser(google)).toEqual({
      googleUserId: 'g-9',
      userName: 'eve@example.com',
      fullName: 'Eve E.',
      emails: ['eve@example.com', 'eve@example.net'],
      isSuspended: true,
      orgUnitPath: null,
    });
  });
});
