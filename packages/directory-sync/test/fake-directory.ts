import { DirectoryError, type TDirectoryClient, type TDirectoryUser } from '@wac/google';

export type TFakeUser = Pick<TDirectoryUser, 'id' | 'primaryEmail'> & Partial<TDirectoryUser>;

export function directoryUser(user: TFakeUser): TDirectoryUser {
  return {
    aliases: [],
    fullName: `User ${user.id}`,
    givenName: 'User',
    familyName: user.id,
    isSuspended: false,
    isArchived: false,
    orgUnitPath: '/',
    isAdmin: false,
    customerId: 'C01',
    ...user,
  };
}

/** A Directory client over arrays, for tests of the runner that do not need the wire protocol. */
export function fakeDirectory(
  state: { users: TDirectoryUser[]; groupMembers?: Record<string, string[]>; failAfterUsers?: number },
  onPage: (items: number) => void = () => {},
): TDirectoryClient {
  return {
    async *users() {
      let read = 0;
      for (const user of state.users) {
        if (state.failAfterUsers !== undefined && read === state.failAfterUsers) {
          throw new DirectoryError('LISTING_INCOMPLETE', 'Listing users stopped at page 2.');
        }
        read += 1;
        if (read % 2 === 0) onPage(read);
        yield user;
      }
    },
    async *groups() {},
    async *groupMembers() {},
    async expandGroups(keys) {
      const userIds = new Set<string>();
      for (const key of keys) {
        const members = state.groupMembers?.[key];
        if (!members) throw new DirectoryError('NOT_FOUND', `Group ${key} does not exist.`);
        for (const id of members) userIds.add(id);
      }
      return {
        userIds,
        externalEmails: [],
        groupsVisited: keys.length,
        includesWholeCustomer: false,
        wholeCustomerGroups: [],
      };
    },
    async getUser(key) {
      const user = state.users.find((item) => item.id === key || item.primaryEmail === key);
      if (!user) throw new DirectoryError('NOT_FOUND', `No user ${key}.`);
      return user;
    },
  };
}
