import { describe, expect, it } from 'vitest';
import { canLogOn, defaultSyncSettings } from './sync-settings.types';

describe('canLogOn', () => {
  it('needs "login" (or "admin") and no suspension', () => {
    expect(canLogOn({ privileges: ['login'], isSuspended: false })).toBe(true);
    expect(canLogOn({ privileges: ['admin'], isSuspended: false })).toBe(true);
    expect(canLogOn({ privileges: ['archive', 'export'], isSuspended: false })).toBe(false);
    expect(canLogOn({ privileges: [], isSuspended: false })).toBe(false);
    expect(canLogOn({ privileges: ['login'], isSuspended: true })).toBe(false);
  });
});

describe('defaultSyncSettings', () => {
  it('gives new users "Log on" and read access to their own archive, and holds mass deletions', () => {
    const settings = defaultSyncSettings();
    expect(settings).toMatchObject({
      groups: [],
      autoDelete: false,
      defaultPrivileges: ['login'],
      defaultArchiveAccess: ['read'],
      deletionThreshold: { percent: 10, count: 50 },
      schedule: { mode: 'OFF' },
    });
    settings.defaultPrivileges.push('delete');
    expect(defaultSyncSettings().defaultPrivileges).toEqual(['login']);
  });
});
