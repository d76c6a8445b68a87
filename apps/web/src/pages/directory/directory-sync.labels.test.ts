import { describe, expect, it } from 'vitest';
import type { TSyncProgress } from '../../api/directory-sync';
import {
  diffValue,
  formatDuration,
  phaseLabel,
  progressPercent,
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
  it('names runs the way the buttons do', () => {
    expect(runKindLabel({ isDryRun: true, trigger: 'MANUAL' })).toBe('Test Settings');
    expect(runKindLabel({ isDryRun: false, trigger: 'MANUAL' })).toBe('Synchronize now');
    expect(runKindLabel({ isDryRun: false, trigger: 'SCHEDULED' })).toBe('Scheduled sync');
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
});
