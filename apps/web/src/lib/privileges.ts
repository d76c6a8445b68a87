import { PRIVILEGES, type TPrivilege } from '@wac/api-contract/privileges';

// Labels follow the names admins know from archive servers, so the console reads like
// the product documentation they already have.
const PRIVILEGE_LABELS: Record<TPrivilege, string> = {
  admin: 'Administrator',
  login: 'Log on',
  changePassword: 'Change password',
  archive: 'Archive E-mail',
  modifyArchiveProfiles: 'Modify archive profiles',
  export: 'Export E-mail',
  modifyExportProfiles: 'Modify export profiles',
  delete: 'Delete E-mail',
  send: 'Send E-mail',
  auditor: 'Auditor (read every archive)',
};

const PRIVILEGE_ORDER: readonly string[] = PRIVILEGES;

export function privilegeLabel(privilege: string): string {
  return PRIVILEGE_LABELS[privilege as TPrivilege] ?? privilege;
}

/** Known privileges in their canonical order, unknown ones after them, without duplicates. */
export function sortPrivileges(privileges: readonly string[]): string[] {
  const rank = (privilege: string) => {
    const index = PRIVILEGE_ORDER.indexOf(privilege);
    return index === -1 ? PRIVILEGE_ORDER.length : index;
  };
  return [...new Set(privileges)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
