// Reading a tariff plan's rules from CSV: header `type;country;mccmnc;price` (or with ','), one rule a line.
import { parseMoney } from '../money.ts';
import { ruleKey, type TariffRule } from './tariffs.ts';
import { normaliseRule, type TariffRuleError } from './tariff-rules.ts';

/** Why a CSV file was refused, with the 1-based line (the header is line 1) and, for a repeat, its first line. */
export type TariffCsvProblem =
  | { error: 'csvHeader'; line: 1 }
  | { error: 'csvColumns' | TariffRuleError; line: number }
  | { error: 'duplicateRule'; line: number; firstLine: number };

const COLUMNS = ['type', 'country', 'mccmnc', 'price'];

/** Every rule of the file, or the first problem; nothing is partial. */
export function parseTariffCsv(text: string): { rules: TariffRule[] } | TariffCsvProblem {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const separator = headerSeparator(lines[0] ?? '');
  if (!separator) return { error: 'csvHeader', line: 1 };
  const rules: TariffRule[] = [];
  const firstLineOfKey = new Map<string, number>();
  for (const [index, content] of lines.entries()) {
    const line = index + 1;
    if (line === 1 || content.trim() === '') continue;
    const cells = content.split(separator);
    if (cells.length !== COLUMNS.length) return { error: 'csvColumns', line };
    const [type, country, mccmnc, price] = cells as [string, string, string, string];
    // Spreadsheets set to Russian write decimal commas, and with ';' between cells they are unambiguous.
    const priceMinor = parseMoney(separator === ';' ? price.replace(',', '.') : price);
    if (priceMinor === undefined) return { error: 'invalidPrice', line };
    const checked = normaliseRule({ type, country, mccmnc, priceMinor });
    if ('error' in checked) return { error: checked.error, line };
    const { rule } = checked;
    const key = ruleKey(rule.type, rule.country, rule.mccmnc);
    const firstLine = firstLineOfKey.get(key);
    if (firstLine !== undefined) return { error: 'duplicateRule', line, firstLine };
    firstLineOfKey.set(key, line);
    rules.push(rule);
  }
  return { rules };
}

/** The separator the header is written with, or undefined when it is not the expected header. */
function headerSeparator(header: string): ';' | ',' | undefined {
  const compact = header.replace(/\s/g, '').toLowerCase();
  return ([';', ','] as const).find((separator) => compact === COLUMNS.join(separator));
}
