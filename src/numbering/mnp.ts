// Ported numbers (MNP): the Russian central database's export (ЦБДПН) and a simple phone;mccmnc;operator list.
import type { Result } from '../result.ts';
import { decodeText, findColumns, readCsv, type CsvTable, type ImportProblem } from './csv-table.ts';
import { listedNetworkName } from './mcc-mnc-matcher.ts';
import type { Facts } from './number-overlay.ts';
import { operatorByMccMnc } from './ru-operators.ts';

/** A number that moved to another operator's network. */
export interface PortedNumber {
  /** International digits, e.g. 79161234567. */
  phone: string;
  /** The name the file gives (the simple form's operator column); '' when it gives none. */
  operator: string;
  /** MCC followed by MNC of the network the number is served by now. */
  mccmnc: string;
  /** When it was ported, Unix milliseconds; null when the file does not say. */
  portedAt: number | null;
}

type Parsed = Result<{ numbers: PortedNumber[] }, ImportProblem>;

// ЦБДПН's Port_All export (also Port_All_Full, which adds columns): Number has the 10 national digits, MNC
// the new network's MNC in MCC 250, PortDate ISO-8601 with an offset.
const CENTRAL_DATABASE = { number: ['Number'], mnc: ['MNC'], portDate: ['PortDate'] };
const SIMPLE = { phone: ['phone'], mccmnc: ['mccmnc'], operator: ['operator'] };

/** Every number of one ported-numbers file, or the first line that cannot be read (then none is used). */
export function parsePortedNumbers(bytes: Uint8Array): Parsed {
  const table = readCsv(decodeText(bytes));
  if (!table) return { err: { line: 1, reason: 'the file is empty' } };
  const central = findColumns(table, CENTRAL_DATABASE);
  if (!central.err) return readRows(table, (field) => fromCentralDatabase(field(central.columns.number), field(central.columns.mnc), field(central.columns.portDate)));
  const simple = findColumns(table, SIMPLE);
  if (!simple.err) return readRows(table, (field) => fromSimpleList(field(simple.columns.phone), field(simple.columns.mccmnc), field(simple.columns.operator)));
  return { err: { line: table.headerLine, reason: 'the header is neither ЦБДПН\'s (Number,OwnerId,MNC,Route,RegionCode,PortDate,…) nor phone;mccmnc;operator' } };
}

function readRows(table: CsvTable, read: (field: (column: number) => string) => PortedNumber | string): Parsed {
  const numbers: PortedNumber[] = [];
  for (const { line, fields } of table.rows) {
    const number = read((column) => fields[column] ?? '');
    if (typeof number === 'string') return { err: { line, reason: number } };
    numbers.push(number);
  }
  return { numbers };
}

function fromCentralDatabase(number: string, mnc: string, portDate: string): PortedNumber | string {
  if (!/^\d{10}$/.test(number)) return `Number ${JSON.stringify(number)} is not 10 digits`;
  if (!/^\d{2,3}$/.test(mnc)) return `MNC ${JSON.stringify(mnc)} is not 2 or 3 digits`;
  const portedAt = portDate === '' ? null : Date.parse(portDate);
  if (portedAt !== null && (!/^\d{4}-\d\d-\d\d/.test(portDate) || !Number.isFinite(portedAt))) return `PortDate ${JSON.stringify(portDate)} is not an ISO-8601 time`;
  return { phone: `7${number}`, operator: '', mccmnc: `250${mnc}`, portedAt };
}

function fromSimpleList(phone: string, mccmnc: string, operator: string): PortedNumber | string {
  if (!/^\d{10,15}$/.test(phone)) return `phone ${JSON.stringify(phone)} is not 10 to 15 digits`;
  if (!/^\d{5,6}$/.test(mccmnc)) return `mccmnc ${JSON.stringify(mccmnc)} is not 5 or 6 digits`;
  return { phone, operator, mccmnc, portedAt: null };
}

/** What a ported number says: its new network, named from the operator table, else the file, else mcc-mnc-list. */
export function portedFacts(number: Pick<PortedNumber, 'operator' | 'mccmnc'>): Facts {
  const listed = operatorByMccMnc(number.mccmnc)?.names;
  if (listed) return { operator: listed, mccmnc: number.mccmnc };
  const name = number.operator || listedNetworkName(number.mccmnc);
  return { operator: { ru: name, en: name }, mccmnc: number.mccmnc };
}
