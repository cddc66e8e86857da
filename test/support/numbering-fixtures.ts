// The numbering fixtures (test/fixtures/numbering/README.md) imported into a store, as the CLI imports them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePortedNumbers } from '../../src/numbering/mnp.ts';
import { parseRegistry } from '../../src/numbering/ru-registry.ts';
import { replaceNumberRanges, savePortedNumbers } from '../../src/store/numbering.ts';
import type { Store } from '../../src/store/database.ts';

/** The bytes of one fixture file. */
export const fixture = (name: string) => readFileSync(new URL(`../fixtures/numbering/${name}`, import.meta.url));

/** Imports both registry fixtures and the ЦБДПН ported-numbers fixture. */
export async function importNumberingFixtures(store: Store): Promise<void> {
  const ranges = ['DEF-9xx.utf8.csv', 'ABC-3xx-4xx-8xx.cp1251.csv'].flatMap((name) => {
    const parsed = parseRegistry(fixture(name));
    return parsed.err ? assert.fail(JSON.stringify(parsed.err)) : parsed.ranges;
  });
  await replaceNumberRanges(store, ranges);
  const ported = parsePortedNumbers(fixture('Port_All.csv'));
  await savePortedNumbers(store, ported.err ? assert.fail(JSON.stringify(ported.err)) : ported.numbers, { replace: false });
}
