import type { TAuthMethod } from '../api/users';

export function authMethodLabel(method: TAuthMethod): string {
  return method === 'DIRECTORY' ? 'Directory services' : 'Local';
}

export function statusLabel(isSuspended: boolean): 'Active' | 'Suspended' {
  return isSuspended ? 'Suspended' : 'Active';
}

export function archiveFolderLabel(userName: string): string {
  return `Archive of ${userName}`;
}
