import type { TClock } from '../../src/lib/clock';

export type TMutableClock = TClock & { advance(ms: number): void; set(date: Date): void };

export function createMutableClock(start = new Date()): TMutableClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (date) => {
      current = date.getTime();
    },
  };
}
