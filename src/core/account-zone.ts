// The zone an account reads and writes SMSC dates in: Moscow time shifted by its `tz` hours (spec §3.1).
import type { Config } from '../config.ts';
import type { Account } from '../store/schema.ts';

/** Minutes east of UTC of the account's zone, or of `tzOffsetHours` when a request overrides it. */
export function accountUtcOffsetMinutes(config: Pick<Config, 'moscowUtcOffsetMinutes'>, account: Pick<Account, 'tz_offset_hours'>, tzOffsetHours?: number): number {
  return config.moscowUtcOffsetMinutes + (tzOffsetHours ?? account.tz_offset_hours) * 60;
}
