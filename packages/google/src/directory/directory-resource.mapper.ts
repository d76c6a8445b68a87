import type { admin_directory_v1 } from '@googleapis/admin';
import type {
  TDirectoryGroup,
  TDirectoryMember,
  TDirectoryMemberType,
  TDirectoryUser,
} from './directory.types';

// Asking only for these fields keeps a 500-user page small; Google's full user object is ~3 KB.
export const USER_FIELDS =
  'id,primaryEmail,aliases,name/fullName,name/givenName,name/familyName,suspended,archived,orgUnitPath,isAdmin,customerId';
export const GROUP_FIELDS = 'id,email,name,aliases,directMembersCount';
export const MEMBER_FIELDS = 'id,email,role,type,status';

export function toDirectoryUser(user: admin_directory_v1.Schema$User): TDirectoryUser {
  const givenName = user.name?.givenName ?? '';
  const familyName = user.name?.familyName ?? '';
  return {
    id: requireText(user.id, 'user', 'id'),
    primaryEmail: requireText(user.primaryEmail, 'user', 'primaryEmail'),
    aliases: user.aliases ?? [],
    fullName: user.name?.fullName || [givenName, familyName].filter(Boolean).join(' '),
    givenName,
    familyName,
    isSuspended: user.suspended === true,
    isArchived: user.archived === true,
    orgUnitPath: user.orgUnitPath || '/',
    isAdmin: user.isAdmin === true,
    customerId: user.customerId ?? null,
  };
}

export function toDirectoryGroup(group: admin_directory_v1.Schema$Group): TDirectoryGroup {
  const count = group.directMembersCount == null ? Number.NaN : Number(group.directMembersCount);
  return {
    id: requireText(group.id, 'group', 'id'),
    email: requireText(group.email, 'group', 'email'),
    name: group.name ?? '',
    aliases: group.aliases ?? [],
    directMembersCount: Number.isFinite(count) ? count : null,
  };
}

const MEMBER_TYPES = new Set<string>(['USER', 'GROUP', 'CUSTOMER', 'EXTERNAL']);

export function toDirectoryMember(member: admin_directory_v1.Schema$Member): TDirectoryMember {
  const type = member.type ?? 'USER';
  return {
    id: member.id || null,
    email: member.email ? member.email.toLowerCase() : null,
    role: member.role ?? 'MEMBER',
    type: (MEMBER_TYPES.has(type) ? type : 'USER') as TDirectoryMemberType,
    status: member.status ?? null,
  };
}

function requireText(value: string | null | undefined, resource: string, field: string): string {
  if (!value) throw new TypeError(`Google returned a ${resource} without its ${field}.`);
  return value;
}
