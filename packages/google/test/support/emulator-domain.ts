import type { TDomainFixture } from '@wac/google-workspace-emulator';

/** A domain with one admin, one suspended user and `userCount` ordinary users, enough to need several pages. */
export function bigDomain(userCount: number): TDomainFixture {
  const users = Array.from({ length: userCount }, (_, i) => ({
    primaryEmail: `user${String(i).padStart(5, '0')}@bulk.example`,
    givenName: 'User',
    familyName: String(i),
  }));
  return {
    customerId: 'C0bulk123',
    domains: ['bulk.example'],
    users: [
      { primaryEmail: 'admin@bulk.example', givenName: 'Ada', familyName: 'Admin', isAdmin: true },
      { primaryEmail: 'away@bulk.example', givenName: 'Sus', familyName: 'Pended', suspended: true },
      ...users,
    ],
    groups: [],
  };
}
