// What the gateway knows about a phone number: country, operator, region and MCC/MNC, in one language.

/** Facts about a number; each field is '' when unknown, never guessed. */
export interface NumberInfo {
  /** ISO 3166-1 alpha-2 code, '' when unknown. */
  country: string;
  countryName: string;
  operator: string;
  region: string;
  mcc: string;
  mnc: string;
  /** `mcc` followed by `mnc`, as history records carry it. */
  mccmnc: string;
}

/** A language in which country, operator and region names are given. */
export type Language = 'ru' | 'en';

/** Every language the gateway answers in. */
export const LANGUAGES: readonly Language[] = ['ru', 'en'];

/** A number nothing is known about. */
export const EMPTY_INFO: NumberInfo = Object.freeze({
  country: '', countryName: '', operator: '', region: '', mcc: '', mnc: '', mccmnc: '',
});
