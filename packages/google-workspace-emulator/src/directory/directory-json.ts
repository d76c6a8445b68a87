import type { DomainState } from '../domain/domain-state';
import type { TGroup, TMember } from '../domain/group.store';
import type { TUser } from '../domain/user.store';

// Google's never-logged-in marker.
const NEVER = '1970-01-01T00:00:00.000Z';

/** A user resource with Google's field names; empty lists are left out, as Google leaves them out. */
export function userJson(user: TUser, customerId: string): Record<string, unknown> {
  const json: Record<string, unknown> = {
    kind: 'admin#directory#user',
    id: user.id,
    etag: user.etag,
    primaryEmail: user.primaryEmail,
    name: {
      givenName: user.givenName,
      familyName: user.familyName,
      fullName: `${user.givenName} ${user.familyName}`,
    },
    isAdmin: user.isAdmin,
    isDelegatedAdmin: false,
    lastLoginTime: user.lastLoginTime ?? NEVER,
    creationTime: user.creationTime,
    agreedToTerms: true,
    suspended: user.suspended,
    archived: user.archived,
    changePasswordAtNextLogin: false,
    ipWhitelisted: false,
    emails: [{ address: user.primaryEmail, primary: true }, ...user.aliases.map((address) => ({ address }))],
    customerId,
    orgUnitPath: user.orgUnitPath,
    isMailboxSetup: true,
    isEnrolledIn2Sv: false,
    isEnforcedIn2Sv: false,
    includeInGlobalAddressList: true,
  };
  if (user.suspended) json.suspensionReason = 'ADMIN';
  if (user.aliases.length > 0) json.aliases = user.aliases;
  if (user.deletionTime !== null) json.deletionTime = user.deletionTime;
  return json;
}

export function groupJson(group: TGroup): Record<string, unknown> {
  const json: Record<string, unknown> = {
    kind: 'admin#directory#group',
    id: group.id,
    etag: group.etag,
    email: group.email,
    name: group.name,
    // int64 fields travel as strings in Google's JSON.
    directMembersCount: String(group.members.length),
    description: group.description,
    adminCreated: true,
  };
  if (group.aliases.length > 0) json.aliases = group.aliases;
  return json;
}

export function memberJson(member: TMember, state: DomainState): Record<string, unknown> {
  const json: Record<string, unknown> = {
    kind: 'admin#directory#member',
    etag: `"${member.id.slice(-6)}${member.role.toLowerCase()}"`,
    id: member.id,
  };
  const email = state.groups.emailOf(member);
  if (email !== undefined) json.email = email;
  json.role = member.role;
  json.type = member.type;
  if (member.type !== 'CUSTOMER') {
    const user = member.type === 'USER' ? state.users.findById(member.id) : undefined;
    json.status = user?.suspended ? 'SUSPENDED' : 'ACTIVE';
  }
  return json;
}
