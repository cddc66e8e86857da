// `npm run bench -- number-lookup [--lookups N]`: NumberDirectory lookups per second on one core (issue 5).
import { NumberDirectory } from '../src/numbering/number-directory.ts';

// A realistic mix: mostly Russian mobiles, then CIS and other countries, and some numbers no data knows.
const MIX: [weight: number, prefix: string, length: number][] = [
  [50, '79', 11], [10, '7495', 11], [8, '77', 11], [6, '380', 12], [6, '375', 12],
  [5, '4477', 12], [5, '1', 11], [5, '49151', 13], [5, '999', 12],
];
const SAMPLE = 4096;

/** Builds the directory, then times `--lookups` lookups (default 20,000,000) over a fixed mix. */
export async function numberLookupBench(args: string[]): Promise<object> {
  const at = args.indexOf('--lookups');
  const lookups = at >= 0 ? Number(args[at + 1]) : 20_000_000;
  const heapBefore = process.memoryUsage();
  const started = performance.now();
  const directory = NumberDirectory.fromPackages();
  const startupMs = performance.now() - started;
  const heapAfter = process.memoryUsage();
  const phones = sample();
  let known = 0;
  for (let i = 0; i < 1_000_000; i++) known += directory.lookup(phones[i % SAMPLE] ?? '', 'ru').country ? 1 : 0;
  const timed = performance.now();
  for (let i = 0; i < lookups; i++) known += directory.lookup(phones[i % SAMPLE] ?? '', i & 1 ? 'ru' : 'en').country ? 1 : 0;
  const seconds = (performance.now() - timed) / 1000;
  const result = {
    startupMs: Math.round(startupMs),
    heapMB: round((heapAfter.heapUsed - heapBefore.heapUsed) / 1e6),
    arrayBuffersMB: round((heapAfter.arrayBuffers - heapBefore.arrayBuffers) / 1e6),
    lookups,
    lookupsPerSecond: Math.round(lookups / seconds),
    knownShare: round(known / (lookups + 1_000_000)),
  };
  console.table([result]);
  return result;
}

function sample(): string[] {
  const total = MIX.reduce((sum, [weight]) => sum + weight, 0);
  let seed = 1;
  const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const phones: string[] = [];
  for (let i = 0; i < SAMPLE; i++) {
    let pick = random() * total;
    const [, prefix, length] = MIX.find(([weight]) => (pick -= weight) < 0) ?? MIX[0]!;
    let phone = prefix;
    while (phone.length < length) phone += Math.floor(random() * 10);
    phones.push(phone);
  }
  return phones;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
