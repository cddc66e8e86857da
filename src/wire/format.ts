// The building blocks of every fmt: JSON and XML in the recorded service's layout, and the final encoding.
import { canEncode, encodeText, isAscii } from './charset.ts';
import type { Charset, Fmt } from './types.ts';

/** A field value: a JSON number, a JSON string, or a list of records (an array of objects). */
export type FieldValue = number | string | Field[][];

/** One named field; records are ordered lists of fields, in wire order. */
export type Field = readonly [name: string, value: FieldValue];

/** A message id as the wire types it: a number when it is an SMSC integer id, else a string. */
export function idValue(id: string): number | string {
  return /^[1-9][0-9]{0,9}$/.test(id) && Number(id) <= 2147483647 ? Number(id) : id;
}

function jsonValue(value: FieldValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return jsonArray(value);
}

/** `{\n"a": 1,\n"b": "x"\n}`: the recorded service's object layout. */
export function jsonObject(fields: readonly Field[]): string {
  return `{\n${fields.map(([name, value]) => `"${name}": ${jsonValue(value)}`).join(',\n')}\n}`;
}

/** `[{\n…\n},\n{\n…\n}]`, or `[]` when empty. */
export function jsonArray(records: readonly (readonly Field[])[]): string {
  return `[${records.map(jsonObject).join(',\n')}]`;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for an XML element. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

function xmlValue(name: string, value: FieldValue): string {
  if (typeof value !== 'object') return `<${name}>${xmlEscape(String(value))}</${name}>\n`;
  return `<${name}>\n${value.map((record) => xmlElement('item', record)).join('\n')}${value.length ? '\n' : ''}</${name}>\n`;
}

/** `<tag>\n<a>1</a>\n…</tag>`: one element per line, nested lists as `<item>` blocks. */
export function xmlElement(tag: string, fields: readonly Field[]): string {
  return `<${tag}>\n${fields.map(([name, value]) => xmlValue(name, value)).join('')}</${tag}>`;
}

/** `<list>\n<sms>…</sms>\n…\n</list>`: records as `item` elements inside `tag`, one per line. */
export function xmlList(tag: string, item: string, records: readonly (readonly Field[])[]): string {
  return [`<${tag}>`, ...records.map((fields) => xmlElement(item, fields)), `</${tag}>`].join('\n');
}

/** One record the plain way: fmt 0 `name = value, …`, fmt 1 `value,…`. */
function plainRecord(fields: readonly Field[], fmt: 0 | 1): string {
  return fmt === 0 ? fields.map(([name, value]) => `${name} = ${value}`).join(', ') : fields.map(([, value]) => value).join(',');
}

/** One record as an answer of its own: a plain line, `<result>…</result>`, or a JSON object. */
export function renderRecord(fields: readonly Field[], fmt: Fmt): string {
  if (fmt === 2) return xmlElement('result', fields);
  if (fmt === 3) return jsonObject(fields);
  return plainRecord(fields, fmt);
}

/** Records as a list: a plain line each, `<tag><item>…</item>…</tag>`, or a JSON array. */
export function renderRecords(records: readonly (readonly Field[])[], fmt: Fmt, tags: { list: string; item: string }): string {
  if (fmt === 2) return xmlList(tags.list, tags.item, records);
  if (fmt === 3) return jsonArray(records);
  return records.map((fields) => plainRecord(fields, fmt)).join('\n');
}

/** The Content-Type of a response in `fmt` and `charset`. */
export function contentType(fmt: Fmt, charset: Charset): string {
  const type = fmt === 3 ? 'application/json' : fmt === 2 ? 'text/xml' : 'text/plain';
  return `${type}; charset=${charset}`;
}

/** Escapes what `charset` cannot hold the way `fmt` allows (JSON \uXXXX, XML &#N;, text one '?'), then encodes. */
export function encodeBody(text: string, fmt: Fmt, charset: Charset): Buffer {
  if (isAscii(text)) return Buffer.from(text, 'latin1');
  if (charset === 'utf-8') return encodeText(text, charset);
  let out = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (canEncode(codePoint, charset)) out += char;
    else if (fmt < 2) out += '?';
    else if (fmt === 2) out += `&#${codePoint};`;
    else out += Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  }
  return encodeText(out, charset);
}
