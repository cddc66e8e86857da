// Imported facts about some numbers (a registry range, a ported number), laid over what the layer below says.
import type { Language, NumberInfo } from './number-info.ts';

/** What an import says of its numbers, in each language; a missing region keeps the region below. */
export interface Facts {
  operator: Readonly<Record<Language, string>>;
  region?: Readonly<Record<Language, string>>;
  /** MCC followed by MNC; '' says the numbers belong to no known mobile network. */
  mccmnc: string;
}

/** The merges of one language: the last one asked for (nearly every lookup) and all others made so far. */
interface Merges {
  lastKey: unknown;
  last: NumberInfo | undefined;
  all: Map<unknown, NumberInfo>;
}

/**
 * Facts merged into NumberInfo from below. A merge depends only on the country below (and, for facts
 * without a region, on the region below), so each is made once, kept, and handed out again: lookups
 * through an overlay allocate nothing, and a range, whose numbers share one country, hits the last merge.
 */
export class NumberOverlay {
  private readonly merges: Record<Language, Merges> = {
    ru: { lastKey: undefined, last: undefined, all: new Map() },
    en: { lastKey: undefined, last: undefined, all: new Map() },
  };

  constructor(private readonly facts: Facts) {}

  /** `below` with this overlay's operator, MCC/MNC and (when it has one) region; the country stays. */
  apply(below: NumberInfo, language: Language): NumberInfo {
    const merges = this.merges[language];
    // Country names are one per country and language, so the country code stands for both.
    const key: unknown = this.facts.region ? below.country : below;
    if (key === merges.lastKey && merges.last) return merges.last;
    let info = merges.all.get(key);
    if (!info) {
      const { operator, region, mccmnc } = this.facts;
      info = Object.freeze({
        ...below,
        operator: operator[language],
        region: region ? region[language] : below.region,
        mcc: mccmnc.slice(0, 3),
        mnc: mccmnc.slice(3),
        mccmnc,
      });
      merges.all.set(key, info);
    }
    merges.lastKey = key;
    merges.last = info;
    return info;
  }
}
