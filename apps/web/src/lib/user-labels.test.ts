import { describe, expect, it } from 'vitest';
import { statusLabel } from './user-labels';

describe('user status label', () => {
  it('says Archived for a user Google archived, like Suspended for a suspended one', () => {
    expect(statusLabel({ isSuspended: false, isArchived: false })).toBe('Active');
    expect(statusLabel({ isSuspended: true, isArchived: false })).toBe('Suspended');
    expect(statusLabel({ isSuspended: false, isArchived: true })).toBe('Archived');
    expect(statusLabel({ isSuspended: true, isArchived: true })).toBe('Suspended, archived');
  });
});
