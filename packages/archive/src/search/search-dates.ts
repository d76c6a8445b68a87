import { ArchiveSearchError } from './search-query.types';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws BAD_TIME_ZONE unless `timeZone` is an IANA zone this runtime knows ("Europe/Paris", "UTC"). */
export function assertTimeZone(timeZone: string): void {
  zoneFormatter(timeZone);
}

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter) return formatter;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new ArchiveSearchError('BAD_TIME_ZONE', `Unknown time zone "${timeZone}".`);
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** The zone's wall clock at this instant, read as if it were UTC (ms). */
function wallClockMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of zoneFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

const DAY_MS = 86_400_000;

/**
 * The first instant of a calendar day in `timeZone` (month 1-12): local midnight, or, where a DST
 * change skips midnight (America/Santiago, 2024-09-08), the moment the clocks jump to 01:00.
 * Every offset in force around the day is tried; the earliest instant that falls on the day wins.
 */
export function startOfDayInZone(year: number, month: number, day: number, timeZone: string): Date {
  const midnight = Date.UTC(year, month - 1, day);
  const offsets = new Set(
    [midnight - DAY_MS, midnight, midnight + DAY_MS].map(
      (instant) => wallClockMs(instant, timeZone) - Math.floor(instant / 1000) * 1000,
    ),
  );
  const onTheDay = [...offsets]
    .map((offset) => midnight - offset)
    .filter((instant) => {
      const wall = wallClockMs(instant, timeZone);
      return wall >= midnight && wall < midnight + DAY_MS;
    })
    .sort((a, b) => a - b);
  return new Date(onTheDay[0] ?? midnight);
}

/** True when year/month/day name a real calendar day (no 2023/02/30). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    year <= 9999 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/** `now` minus an amount of days, months or years (calendar months and years, in UTC). */
export function subtractPeriod(now: Date, amount: number, unit: 'd' | 'm' | 'y'): Date {
  if (unit === 'd') return new Date(now.getTime() - amount * 86_400_000);
  const months = unit === 'm' ? amount : amount * 12;
  const index = now.getUTCFullYear() * 12 + now.getUTCMonth() - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  // Clamped, so one month before 31 March is 28/29 February, not 3 March.
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const date = new Date(now.getTime());
  date.setUTCFullYear(year, month, Math.min(now.getUTCDate(), lastDay));
  return date;
}
