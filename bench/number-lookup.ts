// `npm run bench -- number-lookup [--lookups N] [--ranges N] [--ported N]`: start-up and lookups per second (issue 5).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NumberService } from '../src/core/numbers.ts';
import { readDirectoryCache, writeDirectoryCache } from '../src/numbering/directory-cache.ts';
import { NumberDirectory } from '../src/numbering/number-directory.ts';
import type { Language, NumberInfo } from '../src/numbering/number-info.ts';
import { cacheKey, packagedDirectory } from '../src/numbering/packaged-directory.ts';
import { RUSSIAN_OPERATORS } from '../src/numbering/ru-operators.ts';
import { seededRandom } from '../src/random.ts';
import { openStore } from '../src/store/database.ts';
import { replaceNumberRanges, savePortedNumbers, type NumberRangeRecord, type PortedNumberRecord } from '../src/store/numbering.ts';

// A realistic mix: mostly Russian mobiles, then CIS and other countries, and some numbers no data knows.
const MIX: [weight: number, prefix: string, length: number][] = [
  [50, '79', 11], [10, '7495', 11], [8, '77', 11], [6, '380', 12], [6, '375', 12],
  [5, '4477', 12], [5, '1', 11], [5, '49151', 13], [5, '999', 12],
];
const SAMPLE = 4096;
/** Share of the sampled numbers taken from the ported list, so the exact-match layer is exercised. */
const PORTED_SHARE = 0.1;
const WARM_UP_LOOKUPS = 1_000_000;
const REGIONS = ['г. Москва и Московская область', 'г. Санкт-Петербург и Ленинградская область', 'Краснодарский край', 'Республика Татарстан (Татарстан)', 'Свердловская обл.', 'Новосибирская обл.', 'Приморский край', 'Республика Башкортостан'];

/** Times a cold build, the binary cache, and lookups through NumberService over a synthetic imported registry. */
export async function numberLookupBench(args: string[]): Promise<object> {
  const { values } = parseArgs({ args, options: { lookups: { type: 'string' }, ranges: { type: 'string' }, ported: { type: 'string' } } });
  const lookups = Number(values.lookups ?? 20_000_000);
  const random = seededRandom(1);
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-bench-numbers-'));
  try {
    const cold = await measure(() => NumberDirectory.fromPackages());
    const cacheFile = join(dir, 'number-directory.bin');
    const written = await measure(() => writeDirectoryCache(cacheFile, cacheKey(), cold.value));
    const loaded = await measure(() => readDirectoryCache(cacheFile, cacheKey()) ?? fail('the cache did not load'));

    const store = await openStore(join(dir, 'numbers.sqlite'), { sqliteSynchronous: 'NORMAL' });
    const ranges = syntheticRegistry(Number(values.ranges ?? 40_000), random);
    const ported = syntheticPorted(Number(values.ported ?? 200_000), random);
    await replaceNumberRanges(store, ranges);
    await savePortedNumbers(store, ported, { replace: true });
    packagedDirectory(); // made (from the default cache) before measuring what the service itself adds
    const serviceLoad = await measure(() => NumberService.load(store));
    const service = serviceLoad.value;
    await store.close();

    const phones = sample(random, ported);
    const result = {
      coldBuildMs: Math.round(cold.ms),
      cacheWriteMs: Math.round(written.ms),
      cacheLoadMs: Math.round(loaded.ms),
      directoryHeapMB: mb(loaded.heapAfter - loaded.heapBefore),
      directoryArrayBuffersMB: mb(loaded.arrayBuffersAfter - loaded.arrayBuffersBefore),
      ranges: ranges.length,
      portedNumbers: ported.length,
      serviceLoadMs: Math.round(serviceLoad.ms),
      serviceHeapMB: mb(serviceLoad.heapAfter - serviceLoad.heapBefore),
      serviceArrayBuffersMB: mb(serviceLoad.arrayBuffersAfter - serviceLoad.arrayBuffersBefore),
      gcForced: typeof globalThis.gc === 'function',
      lookups,
      directoryLookupsPerSecond: lookupRate(lookups, phones, (phone, language) => loaded.value.lookup(phone, language)),
      serviceLookupsPerSecond: lookupRate(lookups, phones, (phone, language) => service.lookup(phone, language)),
    };
    console.table(Object.entries(result).map(([measure, value]) => ({ measure, value: JSON.stringify(value) })));
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Lookups per second on this core after a warm-up, alternating ru and en over the sample: by wall time, and
 * by the CPU time the process got (the fairer figure on a machine shared with other work).
 */
function lookupRate(lookups: number, phones: string[], lookup: (phone: string, language: Language) => NumberInfo) {
  let known = 0;
  for (let i = 0; i < WARM_UP_LOOKUPS; i++) known += lookup(phones[i % SAMPLE]!, 'ru').country ? 1 : 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < lookups; i++) known += lookup(phones[i % SAMPLE]!, i & 1 ? 'ru' : 'en').country ? 1 : 0;
  const { user, system } = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  if (known === 0) fail('no lookup found a country');
  return { wall: Math.round(lookups / seconds), cpu: Math.round(lookups / ((user + system) / 1e6)) };
}

/** Each DEF code 900–999 cut into consecutive ranges, as the registry does: mostly thousands, some odd bounds. */
function syntheticRegistry(count: number, random: () => number): NumberRangeRecord[] {
  const perCode = Math.max(1, Math.round(count / 100));
  const ranges: NumberRangeRecord[] = [];
  for (let code = 900; code <= 999; code++) {
    const cuts = new Set<number>();
    while (cuts.size < perCode - 1) {
      const cut = Math.floor(random() * 10_000_000);
      cuts.add(random() < 0.8 ? cut - (cut % 1000) : cut - (cut % 10));
    }
    const bounds = [0, ...[...cuts].filter((cut) => cut > 0).sort((a, b) => a - b), 10_000_000];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const operator = RUSSIAN_OPERATORS[Math.floor(random() * RUSSIAN_OPERATORS.length)]!;
      const unknown = random() < 0.1;
      ranges.push({
        first: `7${code}${String(bounds[i]).padStart(7, '0')}`,
        last: `7${code}${String(bounds[i + 1]! - 1).padStart(7, '0')}`,
        operator: unknown ? `ООО "Оператор ${Math.floor(random() * 200)}"` : `ПАО "${operator.legalNames[0]}"`,
        region: REGIONS[Math.floor(random() * REGIONS.length)]!,
        mccmnc: unknown ? '' : operator.mccmnc,
      });
    }
  }
  return ranges;
}

function syntheticPorted(count: number, random: () => number): PortedNumberRecord[] {
  return Array.from({ length: count }, () => ({
    phone: `79${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
    operator: '',
    mccmnc: RUSSIAN_OPERATORS[Math.floor(random() * RUSSIAN_OPERATORS.length)]!.mccmnc,
    portedAt: null,
  }));
}

function sample(random: () => number, ported: PortedNumberRecord[]): string[] {
  const total = MIX.reduce((sum, [weight]) => sum + weight, 0);
  return Array.from({ length: SAMPLE }, () => {
    if (random() < PORTED_SHARE) return ported[Math.floor(random() * ported.length)]!.phone;
    let pick = random() * total;
    const [, prefix, length] = MIX.find(([weight]) => (pick -= weight) < 0) ?? MIX[0]!;
    let phone = prefix;
    while (phone.length < length) phone += Math.floor(random() * 10);
    return phone;
  });
}

/** Runs `make` and reports its time and the heap and ArrayBuffer bytes before and after (after a GC when exposed). */
async function measure<T>(make: () => T | Promise<T>) {
  const before = { heapBefore: heapUsed(), arrayBuffersBefore: process.memoryUsage().arrayBuffers };
  const started = performance.now();
  const value = await make();
  const ms = performance.now() - started;
  return { value, ms, ...before, heapAfter: heapUsed(), arrayBuffersAfter: process.memoryUsage().arrayBuffers };
}

function heapUsed(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1e4) / 100;
}

function fail(message: string): never {
  throw new Error(message);
}
