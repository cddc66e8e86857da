// Lookups through imported data: ported numbers over registry ranges over the packaged directory.
import type { Language, NumberInfo } from './number-info.ts';
import type { NumberDirectory } from './number-directory.ts';
import { NumberOverlay, type Facts } from './number-overlay.ts';
import { PrefixIndex } from './prefix-index.ts';
import { rangePrefixes } from './range-prefixes.ts';

/** A block of numbers of one length, first..last, and what an import says of it. */
export interface FactsForRange {
  first: string;
  last: string;
  facts: Facts;
}

/** One number (international digits) and what an import says of it. */
export interface FactsForNumber {
  phone: string;
  facts: Facts;
}

/**
 * Answers like NumberDirectory, with imports on top: a ported number (exact match) wins over an imported
 * range (longest prefix), which wins over the packaged data; the country always comes from the packaged
 * data. The packaged directory is only read, so one can be shared by many of these.
 */
export class LayeredDirectory {
  private readonly ranges = PrefixIndex.empty<NumberOverlay>();
  private readonly ported = new Map<string, NumberOverlay>();

  constructor(private readonly packaged: NumberDirectory, ranges: Iterable<FactsForRange>, ported: Iterable<FactsForNumber>) {
    const overlays = new Map<string, NumberOverlay>();
    const overlayFor = (facts: Facts): NumberOverlay => {
      const key = factsKey(facts);
      let overlay = overlays.get(key);
      if (!overlay) overlays.set(key, (overlay = new NumberOverlay(facts)));
      return overlay;
    };
    // Where imported ranges overlap, the one given later wins on the prefixes they share.
    for (const range of ranges) {
      const overlay = overlayFor(range.facts);
      for (const prefix of rangePrefixes(range.first, range.last)) this.ranges.insert(prefix, overlay);
    }
    this.ranges.compact();
    for (const number of ported) this.ported.set(number.phone, overlayFor(number.facts));
  }

  /** Trie nodes of the imported ranges and the count of ported numbers, a measure of memory. */
  get size(): { rangeNodes: number; portedNumbers: number } {
    return { rangeNodes: this.ranges.size, portedNumbers: this.ported.size };
  }

  /** What is known of `phone` (international digits) in `language`; fields stay '' where nothing is known. */
  lookup(phone: string, language: Language): NumberInfo {
    let info = this.packaged.lookup(phone, language);
    const range = this.ranges.lookup(phone);
    if (range) info = range.apply(info, language);
    const ported = this.ported.get(phone);
    if (ported) info = ported.apply(info, language);
    return info;
  }
}

/** A string naming the facts, equal for facts that merge alike, so equal facts share one overlay. */
function factsKey({ operator, region, mccmnc }: Facts): string {
  return [operator.ru, operator.en, region ? `${region.ru}\u0001${region.en}` : '\u0002', mccmnc].join('\u0000');
}
