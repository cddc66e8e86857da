// When a message is due: a send.php ScheduleSpec resolved against the clock and the request's zone (spec §3.1).
import type { ScheduleSpec } from '../wire/types.ts';

const MINUTE_MS = 60_000;

/** Unix ms at which to send; `utcOffsetMinutes` is the zone wall-clock forms are written in (Moscow + tz). */
export function resolveSchedule(spec: ScheduleSpec, now: number, utcOffsetMinutes: number): number {
  const offsetMs = utcOffsetMinutes * MINUTE_MS;
  switch (spec.kind) {
    case 'now':
      return now;
    case 'local':
      return Date.UTC(spec.year, spec.month - 1, spec.day, spec.hour, spec.minute) - offsetMs;
    case 'unix':
      return spec.seconds * 1000;
    case 'relative':
      return now + spec.minutes * MINUTE_MS;
    case 'window': {
      // Shifted so that the UTC getters read the zone's wall clock.
      const local = new Date(now + offsetMs);
      const hour = local.getUTCHours();
      if (hour >= spec.fromHour && hour < spec.toHour) return now;
      const day = local.getUTCDate() + (hour < spec.fromHour ? 0 : 1);
      return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), day, spec.fromHour) - offsetMs;
    }
  }
}
