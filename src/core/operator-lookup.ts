// Operator lookups (info.php?get_operator=1): each number normalised, looked up in the account's language, with its zone.
import { normalizePhone } from '../numbering/phones.ts';
import type { Language } from '../numbering/number-info.ts';
import { timeZoneOf } from '../numbering/time-zones.ts';
import type { OperatorCommand, OperatorRecord, SmscError } from '../wire/types.ts';
import type { NumberService } from './numbers.ts';

/** The clock and Moscow's UTC offset, which `tz` is relative to everywhere in the API (spec §3.1). */
export interface ZoneClock {
  now: number;
  moscowUtcOffsetMinutes: number;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC of an IANA zone at `at` (its daylight-saving state then). */
function utcOffsetMinutes(zone: string, at: number): number {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, format);
  }
  const name = format.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** Hours between the number's zone and Moscow ('2', '-7', '2.5'), or '' when the number spans several zones. */
function hoursFromMoscow(phone: string, clock: ZoneClock): string {
  const zone = timeZoneOf(phone);
  return zone === undefined ? '' : String((utcOffsetMinutes(zone, clock.now) - clock.moscowUtcOffsetMinutes) / 60);
}

/** What the gateway knows of each number, in request order; error 3 when it knows no number's operator. */
export function lookupOperators(
  numbers: Pick<NumberService, 'lookup'>,
  command: OperatorCommand,
  language: Language,
  clock: ZoneClock,
): OperatorRecord[] | SmscError {
  const records = command.phones.map((phone): OperatorRecord => {
    const normalized = normalizePhone(phone);
    if ('invalid' in normalized) return { phone, country: '', operator: '', region: '', mcc: '', mnc: '', tz: '' };
    const { address } = normalized;
    const info = numbers.lookup(address, language);
    return { phone: address, country: info.countryName, operator: info.operator, region: info.region, mcc: info.mcc, mnc: info.mnc, tz: hoursFromMoscow(address, clock) };
  });
  return records.some((record) => record.operator !== '') ? records : { error: 'operatorNotFound' };
}
