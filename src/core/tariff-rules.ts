// Checking a tariff rule as an operator writes it: known type, real country, MCC+MNC, price; '' or '*' = any.
import { isSupportedCountry } from 'libphonenumber-js/min';
import { TARIFF_TYPES, type TariffRule } from './tariffs.ts';

/** Why a rule was refused. */
export type TariffRuleError = 'unknownType' | 'invalidCountry' | 'invalidMccmnc' | 'invalidPrice' | 'mailByDestination';

/** A rule's key as written: country and mccmnc may be absent, '' or '*' (any), a country in any case. */
export interface TariffRuleKeyInput {
  type: string;
  country?: string;
  mccmnc?: string;
}

/** A rule's key in stored form: type, country ('' = any) and mccmnc ('' = any). */
export type TariffRuleKey = Omit<TariffRule, 'priceMinor'>;

// MCC is 3 digits and MNC 2 or 3 (ITU-T E.212).
const MCCMNC = /^\d{5,6}$/;

const ANY = new Set(['', '*']);

/** The key in stored form, or why it cannot name a rule. */
export function normaliseRuleKey(input: TariffRuleKeyInput): { key: TariffRuleKey } | { error: TariffRuleError } {
  const type = TARIFF_TYPES.find((known) => known === input.type.trim().toLowerCase());
  if (!type) return { error: 'unknownType' };
  const country = anyAsEmpty(input.country).toUpperCase();
  // Countries are those the number directory can name (libphonenumber's), so every rule can match a recipient.
  if (country !== '' && !(/^[A-Z]{2}$/.test(country) && isSupportedCountry(country))) return { error: 'invalidCountry' };
  const mccmnc = anyAsEmpty(input.mccmnc);
  if (mccmnc !== '' && !MCCMNC.test(mccmnc)) return { error: 'invalidMccmnc' };
  // An e-mail has no country or operator, so such a rule could never apply.
  if (type === 'mail' && (country !== '' || mccmnc !== '')) return { error: 'mailByDestination' };
  return { key: { type, country, mccmnc } };
}

/** The rule in stored form, or why it is refused; a price is whole minor units, zero or more. */
export function normaliseRule(input: TariffRuleKeyInput & { priceMinor: number }): { rule: TariffRule } | { error: TariffRuleError } {
  const checked = normaliseRuleKey(input);
  if ('error' in checked) return checked;
  if (!Number.isSafeInteger(input.priceMinor) || input.priceMinor < 0) return { error: 'invalidPrice' };
  return { rule: { ...checked.key, priceMinor: input.priceMinor } };
}

function anyAsEmpty(value: string | undefined): string {
  const trimmed = (value ?? '').trim();
  return ANY.has(trimmed) ? '' : trimmed;
}
