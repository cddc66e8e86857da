// Money as exact integer minor units (kopecks); parsing and the two SMSC text forms.

/** Parses a decimal amount such as "1.50" or "100" into minor units; undefined when malformed. */
export function parseMoney(text: string): number | undefined {
  const m = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const units = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -units : units;
}

/** Balance form: always two decimals, as SMSC prints balances ("15.00", "286.55"). */
export function formatBalance(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Cost form: trailing zeros trimmed, as SMSC prints costs ("0.4", "3.8", "4.48", "0"). */
export function formatCost(minor: number): string {
  return formatBalance(minor).replace(/\.?0+$/, '') || '0';
}
