// Request parameters from raw HTTP bytes: query string and urlencoded, multipart or JSON bodies, in the request's charset.
import busboy from 'busboy';
import { decodeBytes, isAscii, parseCharset } from './charset.ts';
import type { Charset, Fmt, Params } from './types.ts';

/** One request as the HTTP layer saw it, before any decoding. */
export interface RawRequest {
  /** The URL after '?', still percent-encoded. */
  rawQuery: string;
  body?: Buffer;
  contentType?: string;
}

/** The fields of one source in order; `bytes` sources hold latin1 strings (one character per byte) not yet decoded. */
interface Source {
  fields: Array<[name: string, value: string]>;
  bytes: boolean;
}

// Each field costs a Map entry and a decode; without a cap a 1 MB body of `a&a&a…` makes half a million of
// them per request. 1000 is PHP's default max_input_vars.
const MAX_FIELDS = 1000;

const PLUS = 0x2b;
const PERCENT = 0x25;
const SPACE = 0x20;

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Percent-decodes to bytes: '+' is a space, an invalid escape stays literal (PHP urldecode). */
function percentDecode(bytes: Buffer): Buffer {
  const out = Buffer.alloc(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const high = byte === PERCENT ? hexValue(bytes[i + 1]) : -1;
    const low = high >= 0 ? hexValue(bytes[i + 2]) : -1;
    if (low >= 0) {
      out[length++] = high * 16 + low;
      i += 2;
    } else {
      out[length++] = byte === PLUS ? SPACE : byte;
    }
  }
  return out.subarray(0, length);
}

/** Percent-decodes a latin1 string (one character per byte) to one; most fields have no escape and stay strings. */
function percentDecodeText(text: string): string {
  if (!text.includes('%')) return text.includes('+') ? text.replaceAll('+', ' ') : text;
  return percentDecode(Buffer.from(text, 'latin1')).toString('latin1');
}

/** Splits `a=1&b=2`, a latin1 string of the request's bytes, into fields; undefined when there are more than `maxFields`. */
function readUrlencoded(text: string, maxFields: number): Source | undefined {
  const fields: Source['fields'] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (end > start) {
      if (fields.length === maxFields) return undefined;
      // The '=' is looked for in the field alone: searching the rest of the text would scan a body of fields
      // without one to its end once per field.
      const field = text.slice(start, end);
      const equals = field.indexOf('=');
      const name = equals < 0 ? field : field.slice(0, equals);
      const value = equals < 0 ? '' : field.slice(equals + 1);
      fields.push([percentDecodeText(name), percentDecodeText(value)]);
    }
    start = end + 1;
  }
  return { fields, bytes: true };
}

/** Reads multipart fields as raw bytes; file parts are drained and dropped. */
function readMultipart(body: Buffer, contentType: string, maxFields: number): Promise<Source | undefined> {
  return new Promise((resolve) => {
    const fields: Source['fields'] = [];
    let settled = false;
    const settle = (result: Source | undefined) => {
      if (!settled) resolve(result);
      settled = true;
    };
    let parser: busboy.Busboy;
    try {
      // latin1 maps bytes to characters one to one, so names and values keep their bytes for our own charset.
      parser = busboy({
        headers: { 'content-type': contentType },
        defCharset: 'latin1',
        limits: { fields: maxFields, files: maxFields, fieldSize: body.length },
      });
    } catch {
      settle(undefined);
      return;
    }
    // busboy names a part with `name=""`, or none, undefined (its types say string): it reads as the empty name.
    parser.on('field', (name: string | undefined, value) => fields.push([name ?? '', value]));
    // A body cut inside a file part errors the file's stream too; unheard, that error would crash the process.
    parser.on('file', (_name, stream) => stream.on('error', () => {}).resume());
    parser.on('fieldsLimit', () => settle(undefined));
    parser.on('filesLimit', () => settle(undefined));
    parser.on('error', () => settle(undefined));
    parser.on('close', () => settle({ fields, bytes: true }));
    parser.end(body);
  });
}

/** A JSON scalar as a parameter string; booleans read as the flags '1' and '0'. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return undefined;
}

/** Reads the /rest/send/ JSON object (always UTF-8, spec §1); null values count as absent. */
function readJson(body: Buffer, maxFields: number): Source | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const entries = Object.entries(parsed);
  if (entries.length > maxFields) return undefined;
  const fields: Source['fields'] = [];
  for (const [name, value] of entries) {
    if (value === null) continue;
    const items = Array.isArray(value) ? value.map(scalarText) : [scalarText(value)];
    if (items.some((item) => item === undefined)) return undefined;
    fields.push([name, items.join(',')]);
  }
  return { fields, bytes: false };
}

const NO_FIELDS: Source = { fields: [], bytes: false };

/** The body's fields by content type; none for a body that carries no parameters, undefined when malformed. */
async function readBody(raw: RawRequest, maxFields: number): Promise<Source | undefined> {
  if (!raw.body?.length || raw.contentType === undefined) return NO_FIELDS;
  const mimeType = raw.contentType.split(';')[0]!.trim().toLowerCase();
  switch (mimeType) {
    case 'application/x-www-form-urlencoded':
      return readUrlencoded(raw.body.toString('latin1'), maxFields);
    case 'multipart/form-data':
      return readMultipart(raw.body, raw.contentType, maxFields);
    case 'application/json':
      return readJson(raw.body, maxFields);
    default:
      return NO_FIELDS;
  }
}

// The names and meaningful values of fmt and charset are ASCII, so they read the same before decoding.
function rawField(source: Source | undefined, name: string): string | undefined {
  return source?.fields.filter(([field]) => field === name).at(-1)?.[1];
}

/** The fmt and charset a request asks for, from the sources that could be read: the body's win, then the query's. */
function answerFormat(query: Source | undefined, body: Source | undefined): AnswerFormat {
  return {
    fmt: fmtOf(rawField(body, 'fmt') ?? rawField(query, 'fmt')),
    charset: parseCharset(rawField(body, 'charset') || rawField(query, 'charset')),
  };
}

/** How to answer a request: its fmt and charset. */
export interface AnswerFormat {
  fmt: Fmt;
  charset: Charset;
}

/** The fmt and charset a query asks for: how to answer a request whose body was refused unread (e.g. too large). */
export function readQueryFormat(rawQuery: string): AnswerFormat {
  return answerFormat(readUrlencoded(rawQuery, MAX_FIELDS), undefined);
}

/**
 * Decodes a request's parameters; body wins over query, the last repeat wins, names are case-sensitive. Unreadable
 * parameters, and a NUL character anywhere (no text column of PostgreSQL can hold one), are error 1, answered in
 * the fmt and charset of what could be read (docs/fuzzing.md, "Decisions").
 */
export async function readParams(
  raw: RawRequest,
  limits?: { maxFields?: number },
): Promise<{ params: Params; charset: Charset } | ({ error: 'parameters' } & AnswerFormat)> {
  const maxFields = limits?.maxFields ?? MAX_FIELDS;
  // Node's HTTP parser rejects raw non-ASCII in the request line, so each character of the query is one byte.
  const query = readUrlencoded(raw.rawQuery, maxFields);
  const body = query && (await readBody(raw, maxFields - query.fields.length));
  const format = answerFormat(query, body);
  if (!query || !body) return { error: 'parameters', ...format };
  // Most names and values are ASCII, which every charset of ours reads as it is.
  const decode = (text: string) => (isAscii(text) ? text : decodeBytes(Buffer.from(text, 'latin1'), format.charset));
  const params: Params = new Map();
  for (const source of [query, body]) {
    for (const [name, value] of source.fields) {
      params.set(source.bytes ? decode(name) : name, source.bytes ? decode(value) : value);
    }
  }
  for (const [name, value] of params) {
    if (name.includes('\0') || value.includes('\0')) return { error: 'parameters', ...format };
  }
  return { params, charset: format.charset };
}

function fmtOf(value: string | undefined): Fmt {
  return value === '1' || value === '2' || value === '3' ? Number(value) as Fmt : 0;
}

/** The response format: '0'..'3', anything else 0 (docs/compatibility.md). */
export function readFmt(params: Params): Fmt {
  return fmtOf(params.get('fmt'));
}

/** A comma list with one trailing comma allowed; undefined when absent or any item is empty. */
export function readCommaList(value: string | undefined): { items: string[]; trailingComma: boolean } | undefined {
  if (!value) return undefined;
  const trailingComma = value.endsWith(',');
  const items = (trailingComma ? value.slice(0, -1) : value).split(',').map((item) => item.trim());
  return items.every((item) => item !== '') ? { items, trailingComma } : undefined;
}
