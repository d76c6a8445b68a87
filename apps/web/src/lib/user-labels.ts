import type { TAuthMethod } from '../api/users';

export function authMethodLabel(method: TAuthMethod): string {
  return method === 'DIRECTORY' ? 'Directory services' : 'Local';
}

export type TUserState = { isSuspended: boolean; isArchived: boolean };

/** Google Workspace's word for why a user cannot sign in; archived (an Archived User licence) counts like suspended. */
export function statusLabel(user: TUserState): 'Active' | 'Suspended' | 'Archived' | 'Suspended, archived' {
  if (user.isSuspended) return user.isArchived ? 'Suspended, archived' : 'Suspended';
  return user.isArchived ? 'Archived' : 'Active';
}
