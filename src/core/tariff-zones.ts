// A plan's rules as price zones for listings: one zone per destination, named in the reader's language.
import mccMncList from 'mcc-mnc-list';
import type { Language } from '../numbering/number-info.ts';
import type { TariffRule, TariffType } from './tariffs.ts';

/** One destination of a plan (a country, an operator, or any other) and its prices by type. */
export interface TariffZone {
  /** ISO alpha-2, '' = any country. */
  country: string;
  /** MCC+MNC, '' = any operator. */
  mccmnc: string;
  /** The rule's mccmnc, else its country, else '' for the rules that apply anywhere. */
  zone: string;
  /** Country name, with the operator's brand in brackets for an operator zone; '' when neither is known. */
  name: string;
  prices: ReadonlyMap<TariffType, number>;
}

/** What the zone of the rules that name no country and no operator is called. */
const ANYWHERE: Record<Language, string> = { ru: 'Остальные направления', en: 'Other destinations' };

/**
 * The rules grouped by destination: named countries A to Z (each its own zone first, then its operators by
 * mccmnc), then operators naming no country by mccmnc, and last the zone of the rules that apply anywhere.
 */
export function tariffZones(rules: readonly TariffRule[], language: Language): TariffZone[] {
  const byDestination = new Map<string, Omit<TariffZone, 'zone' | 'name'> & { prices: Map<TariffType, number> }>();
  for (const rule of rules) {
    const key = `${rule.country} ${rule.mccmnc}`;
    let entry = byDestination.get(key);
    if (!entry) {
      entry = { country: rule.country, mccmnc: rule.mccmnc, prices: new Map() };
      byDestination.set(key, entry);
    }
    entry.prices.set(rule.type, rule.priceMinor);
  }
  const rank = (z: { country: string; mccmnc: string }) => (z.country !== '' ? 0 : z.mccmnc !== '' ? 1 : 2);
  const ordered = [...byDestination.values()].sort((a, b) => rank(a) - rank(b) || compare(a.country, b.country) || compare(a.mccmnc, b.mccmnc));
  return ordered.map(({ country, mccmnc, prices }) => ({ country, mccmnc, zone: mccmnc || country, name: zoneName(country, mccmnc, language), prices }));
}

/** The name of a destination: 'Россия', 'Россия (MTS)', or the name of "anywhere else" for '' and ''. */
function zoneName(country: string, mccmnc: string, language: Language): string {
  if (country === '' && mccmnc === '') return ANYWHERE[language];
  const network = mccmnc === '' ? undefined : networks().get(mccmnc);
  const code = country || network?.country;
  const countryName = code ? (countryNames(language).of(code) ?? '') : '';
  if (!network?.brand) return countryName;
  return countryName ? `${countryName} (${network.brand})` : network.brand;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const displayNames = new Map<Language, Intl.DisplayNames>();

function countryNames(language: Language): Intl.DisplayNames {
  let names = displayNames.get(language);
  if (!names) {
    names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    displayNames.set(language, names);
  }
  return names;
}

let networkTable: Map<string, { brand: string; country: string }> | undefined;

/** mcc-mnc-list by MCC+MNC: the brand (else the operator) and the first ISO country of the entry. */
function networks(): Map<string, { brand: string; country: string }> {
  if (networkTable) return networkTable;
  networkTable = new Map();
  // An MCC+MNC listed twice (a network renamed or shared): the operational entry wins, else the first.
  const entries = [...mccMncList.all()].sort((a, b) => Number(b.status === 'Operational') - Number(a.status === 'Operational'));
  for (const entry of entries) {
    const key = entry.mcc + entry.mnc;
    if (networkTable.has(key)) continue;
    // Shared entries list several countries ('BL/GF/GP/MF/MQ'); subdivisions ('GE-AB') name none.
    const country = /^[A-Z]{2}(?=\/|$)/.exec(entry.countryCode ?? '')?.[0] ?? '';
    networkTable.set(key, { brand: entry.brand || entry.operator || '', country });
  }
  return networkTable;
}
