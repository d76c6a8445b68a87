import type { TSyncSettings } from '@wac/directory-sync';

const UNIT_MS = { MINUTES: 60_000, HOURS: 3_600_000 } as const;

/**
 * When the schedule wants the next sync: one interval after the last committing run, whoever
 * started it (a manual "Synchronize now" resets the clock), or at once if none ran yet.
 */
export function nextScheduledRunAt(
  schedule: TSyncSettings['schedule'],
  lastCommitRunAt: Date | null,
  now: Date,
): Date | null {
  if (schedule.mode === 'OFF') return null;
  if (lastCommitRunAt === null) return now;
  return new Date(lastCommitRunAt.getTime() + schedule.interval * UNIT_MS[schedule.mode]);
}

export function isScheduledRunDue(
  schedule: TSyncSettings['schedule'],
  lastCommitRunAt: Date | null,
  now: Date,
): boolean {
  const next = nextScheduledRunAt(schedule, lastCommitRunAt, now);
  return next !== null && next.getTime() <= now.getTime();
}
