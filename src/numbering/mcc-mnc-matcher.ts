// Which mobile network (MCC/MNC) an operator name stands for in a country, from the mcc-mnc-list package.
import mccMncList from 'mcc-mnc-list';

/** A mobile network code pair. */
export interface MccMnc {
  mcc: string;
  mnc: string;
}

/**
 * MCC/MNC for an operator name in a country: an operational mcc-mnc-list entry of that country whose brand
 * or operator equals the name (letters and digits, any case), else whose brand starts with it ('O2' → 'O2
 * (UK)'); names like 'Kcell/Activ' try each part. Several matches: the first in the list (lowest MNC).
 * Limits: it names the network that owns the range, not the one a ported number moved to, and operators
 * the list spells differently (Cyrillic, legal names) stay unmatched.
 */
export function mccMncMatcher(): (country: string, operator: string) => MccMnc | undefined {
  const operational = mccMncList.all().filter((entry) => entry.status === 'Operational');
  const cache = new Map<string, MccMnc | undefined>();
  return (country, operator) => {
    const key = `${country}\u0000${operator}`;
    if (cache.has(key)) return cache.get(key);
    const wanted = operator.split('/').map(simplify).filter(Boolean);
    const local = operational.filter((entry) => entry.countryCode === country);
    const found =
      local.find((e) => wanted.some((w) => simplify(e.brand) === w || simplify(e.operator) === w)) ??
      local.find((e) => wanted.some((w) => simplify(e.brand).startsWith(w)));
    const code = found ? { mcc: found.mcc, mnc: found.mnc } : undefined;
    cache.set(key, code);
    return code;
  };
}

/** The brand (else the operator) mcc-mnc-list gives a network, '' when it lists none. */
export function listedNetworkName(mccmnc: string): string {
  if (!/^\d{5,6}$/.test(mccmnc)) return '';
  const entries = mccMncList.filter({ mccmnc });
  const entry = entries.find((e) => e.status === 'Operational') ?? entries[0];
  return entry?.brand || entry?.operator || '';
}

/** Letters and digits only, lower case: how names are compared. */
export function simplify(name: string | undefined): string {
  return (name ?? '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}
