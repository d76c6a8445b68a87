import { describe, expect, it } from 'vitest';
import { emptyCounts, runStatusOf, type TMailboxStatusCounts } from './run-verdict';

const counts = (partial: Partial<TMailboxStatusCounts>) => ({ ...emptyCounts(), ...partial });

describe('runStatusOf', () => {
  it('is SUCCEEDED only when every mailbox is complete', () => {
    expect(runStatusOf(counts({ COMPLETE: 3 }), 3)).toBe('SUCCEEDED');
  });

  it('is never SUCCEEDED with one incomplete mailbox among many complete ones', () => {
    expect(runStatusOf(counts({ COMPLETE: 99, INCOMPLETE: 1 }), 100)).toBe('INCOMPLETE');
  });

  it('is FAILED when any mailbox failed, even if others are only incomplete or paused', () => {
    expect(runStatusOf(counts({ COMPLETE: 5, INCOMPLETE: 2, PAUSED: 1, FAILED: 1 }), 9)).toBe('FAILED');
  });

  it('is PAUSED when the only unfinished mailboxes wait for a quota', () => {
    expect(runStatusOf(counts({ COMPLETE: 2, PAUSED: 1 }), 3)).toBe('PAUSED');
  });

  it('is QUEUED before any mailbox starts and RUNNING while any is queued or running', () => {
    expect(runStatusOf(counts({ QUEUED: 2 }), 2)).toBe('QUEUED');
    expect(runStatusOf(counts({ QUEUED: 1, COMPLETE: 1 }), 2)).toBe('RUNNING');
    expect(runStatusOf(counts({ RUNNING: 1, FAILED: 1 }), 2)).toBe('RUNNING');
  });
});
