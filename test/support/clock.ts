// A clock a test moves forward: the gateway reads it (limits, caches) instead of the wall clock.

export interface SteppedClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** The wall clock plus whatever the test has advanced it by. */
export function steppedClock(): SteppedClock {
  let offsetMs = 0;
  return { now: () => Date.now() + offsetMs, advance: (ms: number) => void (offsetMs += ms) };
}
