export type TDirectoryUser = {
  id: string;
  primaryEmail: string;
  aliases: string[];
  fullName: string;
  givenName: string;
  familyName: string;
  isSuspended: boolean;
  /** Google's `archived`: an Archived User licence (a leaver kept for the record); cannot sign in. */
  isArchived: boolean;
  orgUnitPath: string;
  isAdmin: boolean;
  customerId: string | null;
};

export type TDirectoryGroup = {
  id: string;
  email: string;
  name: string;
  aliases: string[];
  directMembersCount: number | null;
};

export type TDirectoryMemberType = 'USER' | 'GROUP' | 'CUSTOMER' | 'EXTERNAL';

export type TDirectoryMember = {
  /** Absent for addresses Google knows only as an email (people outside any Google account). */
  id: string | null;
  email: string | null;
  role: string;
  type: TDirectoryMemberType;
  status: string | null;
};

export type TGroupExpansion = {
  userIds: Set<string>;
  externalEmails: string[];
  groupsVisited: number;
  /** A group contained "all users in the organisation" (member type CUSTOMER). */
  includesWholeCustomer: boolean;
  /**
   * The given group keys (as given) that hold such a member themselves or through nested groups:
   * each of them alone already selects everyone, so the filter filters nothing.
   */
  wholeCustomerGroups: string[];
};
