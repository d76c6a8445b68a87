import { describe, expect, it } from 'vitest';
import type { TSyncProgress } from '../../api/directory-sync';
import {
  countLabel,
  diffValue,
  fieldLabel,
  formatDuration,
  phaseLabel,
  progressPercent,
  reasonLabel,
  reasonRows,
  runKindLabel,
} from './directory-sync.labels';

const progress = (patch: Partial<TSyncProgress>): TSyncProgress => ({
  phase: 'reading-users',
  pagesRead: 0,
  usersRead: 0,
  groupsRead: 0,
  usersPlanned: 0,
  changesToApply: 0,
  changesApplied: 0,
  ...patch,
});

describe('directory sync labels', () => {
  it('names runs for what they are, not for the button that started them', () => {
    expect(runKindLabel({ isDryRun: true, trigger: 'MANUAL' })).toBe('Dry run');
    expect(runKindLabel({ isDryRun: false, trigger: 'MANUAL' })).toBe('Manual sync');
    expect(runKindLabel({ isDryRun: false, trigger: 'SCHEDULED' })).toBe('Scheduled');
  });

  it('says "would" for what a dry run counted, since it changed nothing', () => {
    expect(countLabel({ isDryRun: true, status: 'SUCCEEDED' }, 'creates')).toBe('Would create');
    expect(countLabel({ isDryRun: true, status: 'SUCCEEDED' }, 'deletes')).toBe('Would delete');
    expect(countLabel({ isDryRun: false, status: 'SUCCEEDED' }, 'updates')).toBe('Updated');
    expect(countLabel({ isDryRun: false, status: 'HELD_FOR_CONFIRMATION' }, 'deletes')).toBe('Held');
  });

  it('formats diff values and durations for people', () => {
    expect(diffValue(['a@example.com', 'b@example.com'])).toBe('a@example.com, b@example.com');
    expect(diffValue(null)).toBe('—');
    expect(diffValue(true)).toBe('Yes');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(phaseLabel('reading-users')).toBe('Reading users from Google Workspace');
    expect(phaseLabel('something-new')).toBe('something-new');
  });

  it('gives a percentage only while changes are applied', () => {
    expect(progressPercent(progress({ phase: 'reading-users', changesToApply: 10 }))).toBeNull();
    expect(progressPercent(progress({ phase: 'applying', changesToApply: 0 }))).toBeNull();
    expect(progressPercent(progress({ phase: 'applying', changesToApply: 8, changesApplied: 3 }))).toBe(38);
    expect(progressPercent(progress({ phase: 'applying', changesToApply: 4, changesApplied: 5 }))).toBe(100);
  });

  it('labels the reasons of issue 10 (returned, primary address, archived) and the stale holder', () => {
    expect(reasonLabel('RETURNED')).toBe('Returned (gets their archive folder back)');
    expect(reasonLabel('PRIMARY_ADDRESS_CHANGED')).toBe('Primary address changed');
    expect(reasonLabel('ARCHIVED')).toBe('Archived in Google Workspace');
    expect(reasonLabel('UNARCHIVED')).toBe('No longer archived');
    expect(reasonLabel('STALE_USER_HOLDS_NAME')).toBe(
      'User name held by a user no longer in Google Workspace',
    );
    expect(reasonLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(fieldLabel('isArchived')).toBe('Archived');
  });

  it('lists a run’s reasons most frequent first, without empty ones', () => {
    expect(reasonRows({ NAME_CHANGED: 1, RETURNED: 3, ARCHIVED: 1, UNARCHIVED: 0 })).toEqual([
      { reason: 'RETURNED', label: 'Returned (gets their archive folder back)', count: 3 },
      { reason: 'ARCHIVED', label: 'Archived in Google Workspace', count: 1 },
      { reason: 'NAME_CHANGED', label: 'Name changed', count: 1 },
    ]);
  });
});
