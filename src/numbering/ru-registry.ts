// The Russian numbering registry (Минцифры/Россвязь "Выписка из реестра Российской системы и плана нумерации").
import { transliterate } from '../text/translit.ts';
import type { Result } from '../result.ts';
import { decodeText, findColumns, readCsv, type ImportProblem } from './csv-table.ts';
import type { Language } from './number-info.ts';
import type { Facts } from './number-overlay.ts';
import { operatorByLegalName } from './ru-operators.ts';

/** One registry line: a block of full international numbers, its operator's legal name, region and MCC/MNC. */
export interface RegistryRange {
  /** 7, the ABC/DEF code and the 7-digit От, e.g. 79000000000. */
  first: string;
  last: string;
  /** The Оператор column as written, e.g. ООО "Т2 Мобайл". */
  operator: string;
  /** The federal subject, in Russian. */
  region: string;
  /** From the operator table for DEF (9xx, mobile) codes; '' for fixed lines and operators not in the table. */
  mccmnc: string;
}

// Header names seen in the files (ABC-3xx.csv … DEF-9xx.csv); other columns (Емкость, Территория ГАР, ИНН) are ignored.
const COLUMNS = {
  code: ['АВС/ DEF', 'ABC/DEF', 'DEF'],
  from: ['От'],
  to: ['До'],
  operator: ['Оператор'],
  region: ['Регион'],
};

/** Every range of one registry file, or the first line that cannot be read (then nothing of the file is used). */
export function parseRegistry(bytes: Uint8Array): Result<{ ranges: RegistryRange[] }, ImportProblem> {
  const table = readCsv(decodeText(bytes));
  if (!table) return { err: { line: 1, reason: 'the file is empty' } };
  const found = findColumns(table, COLUMNS);
  if (found.err) return found;
  const { columns } = found;
  const ranges: RegistryRange[] = [];
  for (const { line, fields } of table.rows) {
    const field = (column: keyof typeof COLUMNS): string => fields[columns[column]] ?? '';
    const [code, from, to, operator] = [field('code'), field('from'), field('to'), field('operator')];
    const problem =
      !/^\d{3}$/.test(code) ? `the АВС/ DEF code ${JSON.stringify(code)} is not 3 digits` :
      !/^\d{1,7}$/.test(from) || !/^\d{1,7}$/.test(to) ? `От ${JSON.stringify(from)} and До ${JSON.stringify(to)} must be numbers of up to 7 digits` :
      Number(from) > Number(to) ? `От ${from} is after До ${to}` :
      operator === '' ? 'the Оператор column is empty' : undefined;
    if (problem) return { err: { line, reason: problem } };
    ranges.push({
      first: `7${code}${from.padStart(7, '0')}`,
      last: `7${code}${to.padStart(7, '0')}`,
      operator,
      // Older extracts write "locality|subject" here; the subject is the last part.
      region: field('region').split('|').at(-1)!.trim(),
      // Only mobile (DEF 9xx) numbers belong to a mobile network; fixed lines have no MCC/MNC.
      mccmnc: code.startsWith('9') ? (operatorByLegalName(operator)?.mccmnc ?? '') : '',
    });
  }
  return { ranges };
}

/** What an imported range says of its numbers: the operator's brand (else its registry name) and the region. */
export function registryFacts(range: Pick<RegistryRange, 'operator' | 'region' | 'mccmnc'>): Facts {
  const brand = operatorByLegalName(range.operator)?.names;
  const inLanguage = (language: Language): string => brand?.[language] ?? range.operator;
  return {
    operator: { ru: inLanguage('ru'), en: inLanguage('en') },
    // English: a readable transliteration of the registry's name (docs/numbering.md, "Languages").
    region: { ru: range.region, en: transliterate(range.region, 1) },
    mccmnc: range.mccmnc,
  };
}
