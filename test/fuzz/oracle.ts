// The fuzz oracle: is an answer what the SMSC contract allows for its case (status, charset, fmt shape, no leaks)?
import iconv from 'iconv-lite';
import { SMSC_ERRORS } from '../../src/wire/errors.ts';
import type { Charset, Fmt } from '../../src/wire/types.ts';
import type { FuzzCase } from './fuzz-case.ts';
import type { ScriptName } from './script-params.ts';

/** One HTTP answer as the fuzzer received it. */
export interface Answer {
  status: number;
  contentType: string;
  bytes: Buffer;
}

/** Error codes each script documents (spec §3.2, §4.5, §5, §6); anything else is a failure. */
const DOCUMENTED_CODES: Record<Exclude<ScriptName, 'unknown'>, readonly number[]> = {
  send: [1, 2, 3, 4, 5, 6, 7, 8, 9],
  rest: [1, 2, 3, 4, 5, 6, 7, 8, 9],
  status: [1, 2, 4, 5, 9],
  balance: [1, 2, 4, 9],
  get: [1, 2, 3, 4, 9],
  info: [1, 2, 3, 4, 9],
};

/** Send errors that carry the allocated message id (spec §3.3). */
const CODES_WITH_ID = [3, 6, 7, 8];

/** The texts each code may have: one catalog, src/wire/errors.ts. */
const TEXTS_BY_CODE = new Map<number, string[]>();
for (const { code, text } of Object.values(SMSC_ERRORS)) TEXTS_BY_CODE.set(code, [...(TEXTS_BY_CODE.get(code) ?? []), text]);

/** What must never reach a client: stack frames, exception names, source paths, SQL, framework and driver codes. */
const LEAKS: ReadonlyArray<[string, RegExp]> = [
  ['a stack frame', /\bat [^\n]*:\d+:\d+\)?/],
  ['an exception', /\b[A-Z]\w*Error: /],
  ['a source path', /node_modules|\/work\/|\/src\/|\.ts:\d+/],
  ['SQL', /\b(SELECT \S+ FROM|INSERT INTO|UPDATE \w+ SET|DELETE FROM|SQLITE_\w+)\b/],
  ['a framework error code', /\bFST_ERR_\w+|\bERR_[A-Z_]{4,}\b|ECONNREFUSED/],
];

/** Success shapes of the first line for fmt 0 and 1, where the script's answer is known (docs/compatibility.md). */
const FIRST_LINE: Partial<Record<ScriptName, Record<0 | 1, RegExp>>> = {
  send: {
    0: /^(OK - \d+ SMS, ID - [^,\n]+(, COST - [\d.]+(, BALANCE - -?\d+\.\d\d)?)?|[\d.]+ \(\d+ SMS\))$/,
    1: /^([^,\n]+,\d+(,[\d.]+(,-?\d+\.\d\d)?)?|[\d.]+,\d+)$/,
  },
  status: { 0: /^(Status = -?\d+\b[^\n]*|OK)$/, 1: /^(-?\d+(,[^\n]*)?|OK)$/ },
  balance: { 0: /^-?\d+\.\d\d(, [A-Z]{3})?$/, 1: /^-?\d+\.\d\d(, [A-Z]{3})?$/ },
};
FIRST_LINE.rest = FIRST_LINE.send;

const ERROR_SHAPES: Record<Fmt, RegExp> = {
  0: /^ERROR = (\d+) \((.*)\)(?:, ID - (\S+))?$/,
  1: /^([^,\n]+),-(\d+)$/,
  2: /^<result>\n<error>(.*)<\/error>\n<error_code>(\d+)<\/error_code>\n(?:<id>(.*)<\/id>\n)?<\/result>$/,
  3: /^\{\n"error": (".*"),\n"error_code": (\d+)(?:,\n"id": (.+))?\n\}$/,
};

/** The body as text in `charset`, or undefined when it is not valid there. */
function decode(bytes: Buffer, charset: Charset): string | undefined {
  if (charset === 'utf-8') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  }
  const text = iconv.decode(bytes, charset);
  return text.includes('\ufffd') ? undefined : text;
}

/** Problems of an XML answer: one root, balanced elements, escaped text. */
function xmlProblem(text: string): string | undefined {
  const stack: string[] = [];
  let roots = 0;
  for (const [, closing, name, chars] of text.matchAll(/<(\/?)([A-Za-z_][\w.-]*)>|([^<]+)/g)) {
    if (chars !== undefined) {
      if (stack.length === 0 && chars.trim()) return 'text outside the root element';
      if (/[>]|&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(chars)) return `unescaped text ${JSON.stringify(chars.slice(0, 40))}`;
    } else if (closing) {
      if (stack.pop() !== name) return `unbalanced </${name}>`;
    } else {
      if (stack.length === 0) roots++;
      stack.push(name!);
    }
  }
  if (/<(?![A-Za-z_/])/.test(text)) return "a '<' that starts no element";
  return stack.length || roots !== 1 ? 'not one balanced root element' : undefined;
}

/** An SMSC error as read back from a body; fmt 1 carries no text. */
interface ReadError {
  code: number;
  text?: string;
  id?: string;
}

const xmlUnescape = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name]!);

/** The error in an SMSC error body in `fmt`; undefined when the body is not an error, 'malformed' when half one. */
function readError(text: string, fmt: Fmt): ReadError | 'malformed' | undefined {
  if (![/^ERROR/, /^[^,\n]*,-\d+$/, /<error_code>/, /"error_code"/][fmt]!.test(text)) return undefined;
  const m = ERROR_SHAPES[fmt].exec(text);
  if (!m) return 'malformed';
  switch (fmt) {
    case 0:
      return { code: Number(m[1]), text: m[2], id: m[3] };
    case 1:
      return { code: Number(m[2]), id: m[1] === '0' ? undefined : m[1] };
    case 2:
      return { code: Number(m[2]), text: xmlUnescape(m[1]!), id: m[3] };
    case 3:
      return { code: Number(m[2]), text: JSON.parse(m[1]!) as string, id: m[3] === undefined ? undefined : String(JSON.parse(m[3]) as unknown) };
  }
}

function checkError(error: ReadError, fuzzCase: FuzzCase, codes: readonly number[] | undefined): string[] {
  const problems: string[] = [];
  const script = fuzzCase.script as Exclude<ScriptName, 'unknown'>;
  if (!DOCUMENTED_CODES[script].includes(error.code)) problems.push(`error ${error.code} is not documented for ${script}`);
  if (codes && !codes.includes(error.code)) problems.push(`error ${error.code}, expected ${codes.join(' or ')}`);
  if (error.text !== undefined && !TEXTS_BY_CODE.get(error.code)?.includes(error.text)) problems.push(`error ${error.code} with text ${JSON.stringify(error.text)}`);
  if (error.id !== undefined && !(CODES_WITH_ID.includes(error.code) && (script === 'send' || script === 'rest'))) problems.push(`error ${error.code} carries an id`);
  return problems;
}

/** The fmt an answer says it is in, from its Content-Type (docs/compatibility.md). */
function fmtsOfType(contentType: string): Fmt[] {
  if (contentType.startsWith('application/json;')) return [3];
  if (contentType.startsWith('text/xml;')) return [2];
  return contentType.startsWith('text/plain;') ? [0, 1] : [];
}

/** Checks an SMSC answer's shape in every fmt the case allows; problems of the best-fitting fmt. */
function checkSmsc(fuzzCase: FuzzCase, answer: Answer, fmts: Fmt[], charsets: Charset[], codes: number[] | undefined): string[] {
  if (answer.status !== 200) return [`HTTP ${answer.status}, expected 200`];
  const charset = charsets.find((c) => answer.contentType.endsWith(`; charset=${c}`));
  if (!charset) return [`content-type ${answer.contentType}, expected charset ${charsets.join(' or ')}`];
  const text = decode(answer.bytes, charset);
  if (text === undefined) return [`the body is not valid ${charset}`];
  const candidates = fmtsOfType(answer.contentType).filter((fmt) => fmts.includes(fmt));
  if (candidates.length === 0) return [`content-type ${answer.contentType}, expected fmt ${fmts.join(' or ')}`];
  let best: string[] | undefined;
  for (const fmt of candidates) {
    const problems = checkShape(fuzzCase, text, fmt, codes);
    if (!best || problems.length < best.length) best = problems;
  }
  return best!;
}

function checkShape(fuzzCase: FuzzCase, text: string, fmt: Fmt, codes: number[] | undefined): string[] {
  if (fmt === 3) {
    try {
      JSON.parse(text);
    } catch {
      return [`fmt 3 body is not JSON: ${JSON.stringify(text.slice(0, 80))}`];
    }
  }
  const error = readError(text, fmt);
  if (error === 'malformed') return [`malformed fmt ${fmt} error: ${JSON.stringify(text.slice(0, 120))}`];
  if (error) return checkError(error, fuzzCase, codes);
  if (codes) return [`a success answer, expected error ${codes.join(' or ')}: ${JSON.stringify(text.slice(0, 80))}`];
  if (fmt === 2) {
    const problem = xmlProblem(text);
    return problem ? [`fmt 2: ${problem}`] : [];
  }
  if (fmt === 3) return [];
  const firstLine = FIRST_LINE[fuzzCase.script]?.[fmt];
  const line = text.split('\n')[0]!;
  if (text === '') return [`an empty fmt ${fmt} answer`];
  return firstLine && !firstLine.test(line) ? [`fmt ${fmt} answer of unknown shape: ${JSON.stringify(line.slice(0, 120))}`] : [];
}

/** Everything wrong with `answer` to `fuzzCase`; `secrets` (passwords, API keys) must never be echoed. */
export function checkAnswer(fuzzCase: FuzzCase, answer: Answer, secrets: readonly string[]): string[] {
  const raw = answer.bytes.toString('latin1');
  const problems = LEAKS.filter(([, pattern]) => pattern.test(raw)).map(([what]) => `the body shows ${what}: ${JSON.stringify(raw.slice(0, 200))}`);
  for (const secret of secrets) if (raw.includes(secret)) problems.push('the body echoes a password or API key');
  const { expect } = fuzzCase;
  switch (expect.kind) {
    case 'smsc':
      return problems.concat(checkSmsc(fuzzCase, answer, expect.fmts, expect.charsets, expect.codes));
    case 'head':
      return problems.concat(answer.status === 200 && answer.bytes.length === 0 ? [] : [`HEAD: HTTP ${answer.status} with ${answer.bytes.length} bytes`]);
    case 'notFound':
      return problems.concat(answer.status === 404 ? [] : [`HTTP ${answer.status}, expected 404`]);
    case 'headTooLarge':
      return problems.concat(answer.status === 431 ? [] : [`HTTP ${answer.status}, expected 431`]);
  }
}

/** A short name of the answer for the per-code counts: `ok`, `E1`…`E9`, or the HTTP status. */
export function outcomeOf(answer: Answer): string {
  if (answer.status !== 200) return `HTTP ${answer.status}`;
  const text = answer.bytes.toString('latin1');
  const code = /^ERROR = (\d+)|^[^,\n]*,-(\d+)$|<error_code>(\d+)<|"error_code": (\d+)/.exec(text);
  return code ? `E${code.slice(1).find(Boolean)}` : 'ok';
}
