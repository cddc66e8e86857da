// Reading the CSV files the numbering imports take: encoding, quoted fields, and columns found by header name.
import iconv from 'iconv-lite';
import type { Result } from '../result.ts';

/** Why an import file cannot be used: the 1-based line and what is wrong with it. */
export interface ImportProblem {
  line: number;
  reason: string;
}

/** One data line of a file: its 1-based line number and its fields, trimmed. */
export interface CsvRow {
  line: number;
  fields: string[];
}

/** A file's header fields and its data lines (blank lines left out). */
export interface CsvTable {
  header: string[];
  headerLine: number;
  rows: CsvRow[];
}

/** The text of a file: UTF-8 (a byte order mark dropped) when the bytes are valid UTF-8, else windows-1251. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Older registry extracts are windows-1251; every byte is a valid character there, so this never fails.
    return iconv.decode(Buffer.from(bytes), 'win1251');
  }
}

/** Splits a file's text into its header and rows; the separator is ';' when the header has one, else ','. */
export function readCsv(text: string): CsvTable | undefined {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((line) => line.trim() !== '');
  if (headerAt < 0) return undefined;
  const separator = lines[headerAt]!.includes(';') ? ';' : ',';
  const rows: CsvRow[] = [];
  for (let at = headerAt + 1; at < lines.length; at++) {
    const line = lines[at]!;
    if (line.trim() !== '') rows.push({ line: at + 1, fields: splitFields(line, separator) });
  }
  return { header: splitFields(lines[headerAt]!, separator), headerLine: headerAt + 1, rows };
}

/**
 * The fields of one line. A field wholly in double quotes is unquoted ("" inside stands for one quote);
 * any other field is taken as written, quotes and all (ПАО "МТС"), up to the next separator.
 */
export function splitFields(line: string, separator: string): string[] {
  const fields: string[] = [];
  for (let at = 0; ; ) {
    const quoted = quotedField(line, at, separator);
    let end = quoted?.end ?? line.indexOf(separator, at);
    if (end < 0) end = line.length;
    fields.push(quoted?.value ?? line.slice(at, end).trim());
    if (end >= line.length) return fields;
    at = end + separator.length;
  }
}

function quotedField(line: string, from: number, separator: string): { value: string; end: number } | undefined {
  let at = skipBlanks(line, from);
  if (line[at] !== '"') return undefined;
  let value = '';
  for (at++; ; ) {
    const close = line.indexOf('"', at);
    if (close < 0) return undefined;
    value += line.slice(at, close);
    if (line[close + 1] === '"') {
      value += '"';
      at = close + 2;
      continue;
    }
    const end = skipBlanks(line, close + 1);
    return end === line.length || line.startsWith(separator, end) ? { value: value.trim(), end } : undefined;
  }
}

function skipBlanks(line: string, at: number): number {
  while (line[at] === ' ' || line[at] === '\t') at++;
  return at;
}

/**
 * Where each wanted column is, by any of its header names (compared without spaces, in any case, Cyrillic
 * and Latin look-alike letters alike: the registry writes АВС in Cyrillic); a problem names the missing ones.
 */
export function findColumns<K extends string>(table: CsvTable, wanted: Record<K, string[]>): Result<{ columns: Record<K, number> }, ImportProblem> {
  const header = table.header.map(headerKey);
  const columns = {} as Record<K, number>;
  const missing: string[] = [];
  for (const [column, names] of Object.entries(wanted) as [K, string[]][]) {
    const at = header.findIndex((name) => names.some((wantedName) => headerKey(wantedName) === name));
    if (at < 0) missing.push(names[0]!);
    columns[column] = at;
  }
  if (missing.length > 0) return { err: { line: table.headerLine, reason: `the header has no column ${missing.join(', ')}` } };
  return { columns };
}

const LOOK_ALIKES: Record<string, string> = { А: 'A', В: 'B', С: 'C', Е: 'E', Н: 'H', К: 'K', М: 'M', О: 'O', Р: 'P', Т: 'T', Х: 'X' };

function headerKey(name: string): string {
  return name.replace(/^\uFEFF/, '').replace(/\s+/g, '').toUpperCase().replace(/[АВСЕНКМОРТХ]/g, (c) => LOOK_ALIKES[c] ?? c);
}
