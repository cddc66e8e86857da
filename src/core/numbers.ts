// Number facts for one store: its imported ported numbers and registry ranges over the shared packaged data.
import type { Store } from '../store/database.ts';
import { readNumberRanges, readPortedNumbers } from '../store/numbering.ts';
import { LayeredDirectory } from '../numbering/layered-directory.ts';
import { portedFacts } from '../numbering/mnp.ts';
import type { Language, NumberInfo } from '../numbering/number-info.ts';
import { packagedDirectory } from '../numbering/packaged-directory.ts';
import { registryFacts } from '../numbering/ru-registry.ts';

/**
 * Country, operator, region and MCC/MNC of numbers as this store's imports and the packaged data say:
 * ported numbers first, then imported registry ranges, then the packaged directory (docs/numbering.md).
 * Imports made after load() show once reload() has re-read the tables.
 */
export class NumberService {
  private constructor(
    private readonly store: Store,
    private directory: LayeredDirectory,
  ) {}

  /** Reads the store's imports and layers them over the process's packaged directory. */
  static async load(store: Store): Promise<NumberService> {
    return new NumberService(store, await layered(store));
  }

  /** What is known of `phone` (international digits); fields stay '' where nothing is known. */
  lookup(phone: string, language: Language): NumberInfo {
    return this.directory.lookup(phone, language);
  }

  /** Re-reads the imported tables; lookups answer from the old data until the new is ready. */
  async reload(): Promise<void> {
    this.directory = await layered(this.store);
  }
}

async function layered(store: Store): Promise<LayeredDirectory> {
  const [ranges, ported] = await Promise.all([readNumberRanges(store), readPortedNumbers(store)]);
  return new LayeredDirectory(
    packagedDirectory(),
    ranges.map((range) => ({ first: range.first, last: range.last, facts: registryFacts(range) })),
    ported.map((number) => ({ phone: number.phone, facts: portedFacts(number) })),
  );
}
