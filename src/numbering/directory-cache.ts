// The packaged NumberDirectory as one binary file, so a process loads it in milliseconds instead of rebuilding it.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LANGUAGES, type Language, type NumberInfo } from './number-info.ts';
import { NumberDirectory } from './number-directory.ts';

// Layout: MAGIC, sha256 of the rest, u32 header length, header JSON (key, languages, sizes, distinct strings),
// zero padding to 4 bytes, then Int32 arrays in this machine's byte order (the key names it): the trie's
// cells, and each value's NumberInfo fields as positions in the strings. Bump the key's format on change.
const MAGIC = Buffer.from('OSMSCND3', 'latin1');
const DIGEST_BYTES = 32;
const BODY_AT = MAGIC.length + DIGEST_BYTES;
// NumberInfo's fields in file order; infoAt reads them back in the same order.
const FIELDS = ['country', 'countryName', 'operator', 'region', 'mcc', 'mnc', 'mccmnc'] as const satisfies readonly (keyof NumberInfo)[];

interface Header {
  key: string;
  languages: Language[];
  cells: number;
  values: number;
  strings: string[];
}

/** Writes `directory` to `file` under `key`: to a temporary file first, then renamed, so readers never see half. */
export function writeDirectoryCache(file: string, key: string, directory: NumberDirectory): void {
  const { languages, index } = directory.snapshot();
  const strings = new Map<string, number>();
  const fields = Int32Array.from(index.values.flatMap((infos) => infos.flatMap((info) => FIELDS.map((field) => {
    let position = strings.get(info[field]);
    if (position === undefined) strings.set(info[field], (position = strings.size));
    return position;
  }))));
  const header: Header = { key, languages, cells: index.cells.length, values: index.values.length, strings: [...strings.keys()] };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const body = [length, json, Buffer.alloc(padding(json.length)), bytesOf(index.cells), bytesOf(fields)];
  const digest = body.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([MAGIC, digest, ...body]));
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The directory cached in `file` under `key`; undefined when it is missing, stale, damaged or unreadable. */
export function readDirectoryCache(file: string, key: string): NumberDirectory | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length < BODY_AT + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!createHash('sha256').update(bytes.subarray(BODY_AT)).digest().equals(bytes.subarray(MAGIC.length, BODY_AT))) return undefined;
  const jsonLength = bytes.readUInt32LE(BODY_AT);
  const header = parseHeader(bytes.toString('utf8', BODY_AT + 4, BODY_AT + 4 + jsonLength));
  if (!header || header.key !== key) return undefined;
  const cellsAt = BODY_AT + 4 + jsonLength + padding(jsonLength);
  const fieldsAt = cellsAt + header.cells * 4;
  const perValue = header.languages.length * FIELDS.length;
  if (bytes.length !== fieldsAt + header.values * perValue * 4) return undefined;
  const fields = int32At(bytes, fieldsAt, header.values * perValue);
  const strings = header.strings;
  for (const position of fields) if (position < 0 || position >= strings.length) return undefined;
  const values: NumberInfo[][] = [];
  for (let at = 0; at < fields.length; ) {
    const infos: NumberInfo[] = [];
    for (let slot = 0; slot < header.languages.length; slot++, at += FIELDS.length) infos.push(infoAt(strings, fields, at));
    values.push(infos);
  }
  return NumberDirectory.fromSnapshot({
    languages: header.languages,
    index: { cells: int32At(bytes, cellsAt, header.cells), values },
  });
}

/** The NumberInfo whose fields, in FIELDS order, are the strings at `fields[at…]`. */
function infoAt(strings: string[], fields: Int32Array, at: number): NumberInfo {
  return {
    country: strings[fields[at]!]!,
    countryName: strings[fields[at + 1]!]!,
    operator: strings[fields[at + 2]!]!,
    region: strings[fields[at + 3]!]!,
    mcc: strings[fields[at + 4]!]!,
    mnc: strings[fields[at + 5]!]!,
    mccmnc: strings[fields[at + 6]!]!,
  };
}

function parseHeader(json: string): Header | undefined {
  try {
    const header = JSON.parse(json) as Partial<Header>;
    const wellFormed =
      typeof header.key === 'string' && Number.isSafeInteger(header.cells) && Number.isSafeInteger(header.values) &&
      Array.isArray(header.languages) && header.languages.every((language) => LANGUAGES.includes(language)) &&
      Array.isArray(header.strings) && header.strings.every((s) => typeof s === 'string');
    return wellFormed ? (header as Header) : undefined;
  } catch {
    return undefined;
  }
}

/** Zero bytes after a header of `jsonLength` so the arrays start on a 4-byte boundary. */
function padding(jsonLength: number): number {
  return (4 - ((4 + jsonLength) % 4)) % 4;
}

function bytesOf(array: Int32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** A view of the file's bytes when they are 4-byte aligned in memory (the usual case), else a copy. */
function int32At(bytes: Buffer, at: number, count: number): Int32Array {
  const offset = bytes.byteOffset + at;
  if (offset % 4 === 0) return new Int32Array(bytes.buffer, offset, count);
  const array = new Int32Array(count);
  new Uint8Array(array.buffer).set(bytes.subarray(at, at + count * 4));
  return array;
}
