export type TArchiveSchedule = { mode: 'OFF' | 'HOURLY' | 'DAILY'; time: string };

const HOUR_MS = 60 * 60 * 1000;

/** The last moment at or before `now` when the schedule fires ("HH:MM" in the server's local time). */
function lastSlot(schedule: TArchiveSchedule, now: Date): Date | null {
  if (schedule.mode === 'OFF') return null;
  if (schedule.mode === 'HOURLY') {
    const slot = new Date(now);
    slot.setMinutes(0, 0, 0);
    return slot;
  }
  const [hours = 0, minutes = 0] = schedule.time.split(':').map(Number);
  const slot = new Date(now);
  slot.setHours(hours, minutes, 0, 0);
  if (slot.getTime() > now.getTime()) slot.setDate(slot.getDate() - 1);
  return slot;
}

/** A scheduled run is due once per slot: when no run was requested since the latest slot began. */
export function isScheduledRunDue(schedule: TArchiveSchedule, lastRunAt: Date | null, now: Date): boolean {
  const slot = lastSlot(schedule, now);
  if (slot === null) return false;
  return lastRunAt === null || lastRunAt.getTime() < slot.getTime();
}

export function nextScheduledRunAt(
  schedule: TArchiveSchedule,
  lastRunAt: Date | null,
  now: Date,
): Date | null {
  const slot = lastSlot(schedule, now);
  if (slot === null) return null;
  if (lastRunAt === null || lastRunAt.getTime() < slot.getTime()) return now;
  const next = new Date(slot);
  if (schedule.mode === 'HOURLY') next.setTime(slot.getTime() + HOUR_MS);
  else next.setDate(next.getDate() + 1);
  return next;
}
