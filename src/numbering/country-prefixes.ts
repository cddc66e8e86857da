// Which country a number's leading digits belong to, read from libphonenumber-js's packaged metadata.
import metadata from 'libphonenumber-js/min/metadata';
import { PrefixIndex, type PrefixTable } from './prefix-index.ts';

// libphonenumber's country metadata (libphonenumber-js METADATA.md): [2] national pattern, [3] possible
// lengths, [10] leading digits of a country that shares its calling code, [11] per-type patterns.
type Plan = unknown[];
const COUNTRY_PLANS = metadata.countries as unknown as Record<string, Plan>;
const CALLING_CODES = metadata.country_calling_codes as unknown as Record<string, string[]>;

// Deep enough for the longest leading digits in the metadata ('33622' KZ, '74576' IM, '06698' VA).
const LEADING_DIGITS_DEPTH = 5;
// Countries without leading digits (CA, GG, JE, …) are told apart by probing their fixed-line and mobile
// patterns with two unrelated fillers; 4 digits covers NANP area codes and GG/JE's 1481/1534.
const PROBE_DEPTH = 4;
const FILLERS = ['23456789012345', '87654321098765'];

/** Full prefixes (calling code + national digits) and the ISO country each starts. */
export function countryPrefixes(): PrefixTable<string> {
  const index = PrefixIndex.empty<string>();
  const prefixes: string[] = [];
  const claim = (prefix: string, country: string): void => {
    index.insert(prefix, country);
    prefixes.push(prefix);
  };
  for (const [code, [main, ...others]] of Object.entries(CALLING_CODES)) {
    if (!main) continue;
    claim(code, main);
    const mainPlan = COUNTRY_PLANS[main] ?? [];
    for (const country of others) {
      const plan = COUNTRY_PLANS[country] ?? [];
      const leading = plan[10];
      const found = typeof leading === 'string' ? expandLeadingDigits(leading) : probeTypes(plan, mainPlan);
      for (const national of found) claim(code + national, country);
    }
  }
  return { index, prefixes };
}

/** The shortest digit strings that libphonenumber's `^(?:leading)` test accepts, up to a fixed depth. */
function expandLeadingDigits(leading: string): string[] {
  const pattern = new RegExp(`^(?:${leading})`);
  const found: string[] = [];
  const visit = (prefix: string): void => {
    if (prefix && pattern.test(prefix)) found.push(prefix);
    else if (prefix.length < LEADING_DIGITS_DEPTH) for (let d = 0; d < 10; d++) visit(`${prefix}${d}`);
  };
  visit('');
  return found;
}

/** Prefixes whose numbers match the country's fixed-line or mobile pattern and not its main country's. */
function probeTypes(plan: Plan, mainPlan: Plan): string[] {
  const own = typePattern(plan);
  const main = typePattern(mainPlan);
  const lengths = Array.isArray(plan[3]) ? (plan[3] as number[]) : [];
  const length = Math.max(0, ...lengths);
  if (!own || length === 0) return [];
  const found: string[] = [];
  const visit = (prefix: string): void => {
    const samples = FILLERS.map((filler) => (prefix + filler).slice(0, length));
    if (prefix && samples.every((s) => own.test(s) && !main?.test(s))) found.push(prefix);
    else if (prefix.length < PROBE_DEPTH) for (let d = 0; d < 10; d++) visit(`${prefix}${d}`);
  };
  visit('');
  return found;
}

function typePattern(plan: Plan): RegExp | undefined {
  const types = Array.isArray(plan[11]) ? (plan[11] as unknown[][]) : [];
  const patterns = types.slice(0, 2).map((type) => type?.[0]).filter((p): p is string => typeof p === 'string' && p !== '');
  return patterns.length > 0 ? new RegExp(`^(?:${patterns.join('|')})$`) : undefined;
}
