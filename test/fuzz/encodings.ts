// Fuzz request bodies and query strings: well-formed encodings of the parameters, and broken ones on purpose.
import iconv from 'iconv-lite';
import type { Charset } from '../../src/wire/types.ts';
import type { FuzzRandom } from './fuzz-random.ts';
import type { Value } from './values.ts';

/** One parameter as the fuzzer sends it. */
export type Param = readonly [name: string, value: Value];

/** A body and its Content-Type; `readable` says whether the wire layer can take fields from it. */
export interface EncodedBody {
  contentType?: string;
  body: Buffer;
  /** true: its fields count; false: it must be refused with error 1; undefined: either, by design of the case. */
  readable: boolean | undefined;
  /** A body of a type the wire layer does not read: readable, but none of its fields count. */
  ignored?: boolean;
  /** False for the shapes built without the case's parameters (their fields are not the case's). */
  carriesParams: boolean;
  label: string;
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

/** Byte sequences each charset cannot decode cleanly: stray UTF-8, overlong and surrogate forms, cp1251's hole 0x98, NUL. */
const INVALID_BYTES: Record<Charset, number[][]> = {
  'utf-8': [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80], [0x00]],
  'windows-1251': [[0x98], [0x00], [0xff, 0xfe]],
  'koi8-r': [[0x00], [0x9a, 0xbf], [0xff]],
};

/** `value` as bytes: text in `charset`, raw bytes as they are. */
export function bytesOf(value: Value, charset: Charset): Buffer {
  if (Buffer.isBuffer(value)) return value;
  return charset === 'utf-8' ? Buffer.from(value, 'utf8') : iconv.encode(value, charset);
}

/** Bytes the charset cannot decode cleanly, to splice into a value. */
export function invalidBytes(random: FuzzRandom, charset: Charset): Buffer {
  return Buffer.from(random.pick(INVALID_BYTES[charset]));
}

/** Percent-encodes bytes; with `mangle`, leaves safe characters raw, writes '+' for spaces and adds invalid escapes. */
function percentEncode(bytes: Buffer, random: FuzzRandom, mangle: boolean): string {
  const tokens = Array.from(bytes, (byte) => {
    const char = String.fromCharCode(byte);
    if (UNRESERVED.test(char) && (!mangle || random.chance(0.7))) return char;
    if (mangle && byte === 0x20 && random.chance(0.5)) return '+';
    const hex = byte.toString(16).padStart(2, '0');
    return `%${mangle && random.chance(0.5) ? hex : hex.toUpperCase()}`;
  });
  // An invalid escape stays literal (PHP urldecode), so '%', '%z' and '%4' must never eat a neighbour.
  if (mangle && random.chance(0.3)) tokens.splice(random.int(tokens.length + 1), 0, random.pick(['%', '%z', '%4', '%%', '%G0', '%u0041']));
  return tokens.join('');
}

/** `a=1&b=2` in `charset`; `clean` names (fmt, charset) are never mangled so the case knows its expected answer. */
export function urlencode(params: readonly Param[], charset: Charset, random: FuzzRandom, clean: ReadonlySet<string>): string {
  return params
    .map(([name, value]) => {
      const mangle = !clean.has(name) && random.chance(0.2);
      const encodedName = percentEncode(Buffer.from(name, 'latin1'), random, false);
      return random.chance(0.03) && value === '' ? encodedName : `${encodedName}=${percentEncode(bytesOf(value, charset), random, mangle)}`;
    })
    .join('&');
}

/** A multipart/form-data body with the boundary and part shapes clients send, or broken on purpose. */
export function multipart(params: readonly Param[], charset: Charset, random: FuzzRandom): EncodedBody {
  const boundary = random.pick(['fuzz-boundary', "a'()+_,-./:=?b", 'x'.repeat(70), '----WebKitFormBoundary7MA4YWxkTrZu0gW']);
  // RFC 2046: a boundary with tspecials ( ) , / : = ? must be quoted in the header; a plain one may be.
  const quoted = /[(),/:=?]/.test(boundary) || random.chance(0.3);
  // Odd names may not break the part header (names go as UTF-8, as browsers send them): the broken shapes below are the deliberate ones.
  const part = (name: string, value: Buffer, headers = '') =>
    Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/["\x00-\x1f\x7f]/g, '_')}"${headers}\r\n\r\n`), value, Buffer.from('\r\n')]);
  const parts = params.map(([name, value]) => part(name, bytesOf(value, charset)));
  if (random.chance(0.2)) parts.push(part('file0', random.bytes(random.length(4096)), '; filename="a.bin"\r\nContent-Type: application/octet-stream'));
  const preamble = random.chance(0.1) ? Buffer.from('preamble text\r\n') : Buffer.alloc(0);
  const closing = Buffer.from(`--${boundary}--\r\n${random.chance(0.1) ? 'epilogue' : ''}`);
  const header = `multipart/form-data; boundary=${quoted ? `"${boundary}"` : boundary}`;
  const whole = Buffer.concat([preamble, ...parts, closing]);

  return random.weighted<() => EncodedBody>([
    [12, () => ({ contentType: header, body: whole, readable: true, label: 'multipart', carriesParams: true })],
    [1, () => ({ contentType: 'multipart/form-data', body: whole, readable: false, label: 'multipart:no-boundary', carriesParams: true })],
    // With no parts and no preamble nothing is left: an empty body carries no fields and is fine.
    [1, () => ({ contentType: header, body: Buffer.concat([preamble, ...parts]), readable: parts.length + preamble.length === 0, label: 'multipart:unterminated', carriesParams: true })],
    [1, () => ({ contentType: header, body: whole.subarray(0, random.int(whole.length)), readable: undefined, label: 'multipart:cut', carriesParams: true })],
    [1, () => ({
      contentType: header,
      body: Buffer.concat([...Array.from({ length: 1001 }, (_, i) => part(`f${i}`, Buffer.from('x'))), closing]),
      readable: false,
      label: 'multipart:1001-parts', carriesParams: false,
    })],
    [1, () => ({
      contentType: header,
      body: Buffer.concat([part('nested', Buffer.from('--inner\r\nContent-Type: text/plain\r\n\r\nx\r\n--inner--'), '\r\nContent-Type: multipart/mixed; boundary=inner'), closing]),
      readable: undefined,
      label: 'multipart:nested', carriesParams: false,
    })],
    [1, () => ({ contentType: header, body: Buffer.from(whole.toString('latin1').replaceAll('\r\n', '\n'), 'latin1'), readable: undefined, label: 'multipart:lf-only', carriesParams: true })],
    [1, () => ({ contentType: 'multipart/form-data; boundary=other', body: whole, readable: undefined, label: 'multipart:wrong-boundary', carriesParams: true })],
  ])();
}

/** A JSON text for one value; raw bytes travel as latin1 characters. */
function jsonText(value: Value): string {
  return JSON.stringify(Buffer.isBuffer(value) ? value.toString('latin1') : value);
}

/** The /rest/send/ JSON object (scalars, numbers, booleans, arrays), or a JSON body broken on purpose. */
export function jsonBody(params: readonly Param[], random: FuzzRandom): EncodedBody {
  const members = params.map(([name, value]) => {
    const typed = typeof value === 'string' && /^-?[1-9][0-9]{0,8}$/.test(value) && random.chance(0.5) ? value : jsonText(value);
    const asArray = typeof value === 'string' && value.includes(',') && random.chance(0.5);
    return `${JSON.stringify(name)}: ${asArray ? JSON.stringify(value.split(',')) : typed}`;
  });
  const object = `{${members.join(', ')}}`;
  const body = (text: string) => Buffer.from(text, 'utf8');
  const contentType = random.pick(['application/json', 'application/json; charset=utf-8', 'Application/JSON']);
  return random.weighted<() => EncodedBody>([
    [12, () => ({ contentType, body: body(object), readable: true, label: 'json', carriesParams: true })],
    [1, () => ({ contentType, body: body(object.slice(0, -1 - random.int(object.length - 1))), readable: false, label: 'json:truncated', carriesParams: true })],
    [1, () => ({ contentType, body: body(`[${object}]`), readable: false, label: 'json:array', carriesParams: true })],
    [1, () => ({ contentType, body: body(`{"fmt": "1", "login": {"nested": ${object}}}`), readable: false, label: 'json:nested-object', carriesParams: false })],
    [1, () => ({ contentType, body: body(`{"x": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`), readable: false, label: 'json:deep', carriesParams: false })],
    [1, () => ({ contentType, body: body(`{"phones": [["79990000000"]], "mes": "x"}`), readable: false, label: 'json:nested-array', carriesParams: false })],
    [1, () => ({ contentType, body: body(`\ufeff${object}`), readable: false, label: 'json:bom', carriesParams: true })],
    [1, () => ({ contentType, body: Buffer.concat([body('{"mes": "'), random.bytes(16).map((b) => (b === 0x22 || b === 0x5c || b < 0x20 ? 0x41 : b)), body(`"${members.map((member) => `, ${member}`).join('')}}`)]), readable: true, label: 'json:invalid-utf8', carriesParams: true })],
    [1, () => ({ contentType, body: body(random.pick(['null', '3', '"x"', 'true', '', '{', '}'])), readable: undefined, label: 'json:scalar', carriesParams: false })],
  ])();
}
