import { describe, expect, it } from 'vitest';
import { privilegeLabel, sortPrivileges } from './privileges';

describe('privilegeLabel', () => {
  it.each([
    ['admin', 'Administrator'],
    ['login', 'Log on'],
    ['changePassword', 'Change password'],
    ['archive', 'Archive E-mail'],
    ['modifyArchiveProfiles', 'Modify archive profiles'],
    ['export', 'Export E-mail'],
    ['modifyExportProfiles', 'Modify export profiles'],
    ['delete', 'Delete E-mail'],
    ['send', 'Send E-mail'],
  ])('names %s as "%s"', (privilege, label) => {
    expect(privilegeLabel(privilege)).toBe(label);
  });

  it('shows an unknown privilege by its raw name rather than hiding it', () => {
    expect(privilegeLabel('auditLog')).toBe('auditLog');
  });
});

describe('sortPrivileges', () => {
  it('orders known privileges canonically, unknown ones last, and drops duplicates', () => {
    expect(sortPrivileges(['delete', 'zeta', 'login', 'admin', 'login', 'alpha'])).toEqual([
      'admin',
      'login',
      'delete',
      'alpha',
      'zeta',
    ]);
  });
});
