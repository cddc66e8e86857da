// One fuzz case: a whole HTTP request built from a seed, and what a correct gateway must answer to it.
import { createHash } from 'node:crypto';
import { parseCharset } from '../../src/wire/charset.ts';
import { readFmt } from '../../src/wire/params.ts';
import type { Charset, Fmt } from '../../src/wire/types.ts';
import { caseSeed, FuzzRandom } from './fuzz-random.ts';
import { jsonBody, multipart, urlencode, type EncodedBody, type Param } from './encodings.ts';
import { credentials, flood, mutate, scriptParams, type FuzzAccount, type ScriptName } from './script-params.ts';
import { CHARSET_VALUES, FMT_VALUES, junk } from './values.ts';

/** What a correct gateway answers. */
export type Expectation =
  /** An SMSC answer (HTTP 200) in one of `fmts` and `charsets`; `codes`, when set, are the only errors allowed. */
  | { kind: 'smsc'; fmts: Fmt[]; charsets: Charset[]; codes?: number[] }
  /** HEAD on a script: HTTP 200, no body. */
  | { kind: 'head' }
  /** No script at this path or method: HTTP 404. */
  | { kind: 'notFound' }
  /** A request head over Node's 16 KB limit: HTTP 431 before any script runs (docs/fuzzing.md). */
  | { kind: 'headTooLarge' };

/** One generated request. */
export interface FuzzCase {
  number: number;
  script: ScriptName;
  /** How the request was built, e.g. `multipart:unterminated`, for the counts and failure messages. */
  label: string;
  /** The gateway with fuzz-friendly limits, or the one with default limits (IP block and error 9 active). */
  gateway: 'tuned' | 'default';
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: Buffer;
  expect: Expectation;
}

/** What the generator needs to know about the gateway under test. */
export interface CaseContext {
  /** The accounts of each gateway (each has its own database, so its own API keys). */
  accounts: Record<FuzzCase['gateway'], readonly FuzzAccount[]>;
  bodyLimitBytes: number;
  /** True when a script answers `method` on `path` (scripts other helpers are adding may not exist yet). */
  hasRoute(method: string, path: string): boolean;
}

const SCRIPT_PATHS: Record<Exclude<ScriptName, 'unknown'>, string> = {
  send: '/sys/send.php',
  rest: '/rest/send/',
  status: '/sys/status.php',
  balance: '/sys/balance.php',
  get: '/sys/get.php',
  info: '/sys/info.php',
};

/** Paths that name no script: other SMSC scripts, near misses, traversal and bad escapes. */
const UNKNOWN_PATHS = ['/sys/jobs.php', '/sys/send.php/', '/rest/send', '/SYS/SEND.PHP', '/sys/send.php%zz', '/sys/%E0%A4%A', '/', '/sys/', '/sys/send.phpx', '/%2e%2e/etc/passwd', '/sys/send.php%00'];

/** Node's default --max-http-header-size; a longer request head never reaches fastify. */
const MAX_HEAD_BYTES = 16 * 1024;
// Queries near the limit are padded past it, so that the header overhead never makes a case ambiguous.
const HEAD_AMBIGUOUS_FROM = MAX_HEAD_BYTES - 2048;

type Transport = 'get' | 'urlencoded' | 'multipart' | 'json' | 'other-type' | 'garbage' | 'oversized';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const last = (params: readonly Param[], name: string) => params.filter(([n]) => n === name).at(-1)?.[1];
const text = (value: Param[1] | undefined) => (value === undefined ? undefined : Buffer.isBuffer(value) ? value.toString('latin1') : value);

/** Places `count` copies of `name` with values from `choices` into the query or the body. */
function place(random: FuzzRandom, query: Param[], body: Param[], name: string, choices: readonly string[], post: boolean): void {
  for (let i = random.weighted([[3, 0], [8, 1], [1, 2]]); i > 0; i--) {
    const target = post && random.chance(0.5) ? body : query;
    target.splice(random.int(target.length + 1), 0, [name, random.pick(choices)]);
  }
}

function pickTransport(random: FuzzRandom, script: ScriptName, size: number): Transport {
  if (script === 'rest') return random.weighted<Transport>([[8, 'json'], [1, 'urlencoded'], [1, 'get'], [1, 'garbage']]);
  return random.weighted<Transport>([
    [size > 8000 ? 1 : 10, 'get'],
    [5, 'urlencoded'],
    [3, 'multipart'],
    [1, 'json'],
    [1, 'other-type'],
    [1, 'garbage'],
    [1, 'oversized'],
  ]);
}

function encodeBody(transport: Transport, params: Param[], charset: Charset, random: FuzzRandom, clean: ReadonlySet<string>, bodyLimit: number): EncodedBody {
  const form = () => Buffer.from(urlencode(params, charset, random, clean), 'latin1');
  switch (transport) {
    case 'urlencoded':
      return { contentType: random.pick(['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8', 'APPLICATION/X-WWW-FORM-URLENCODED']), body: form(), readable: true, label: 'urlencoded', carriesParams: true };
    case 'multipart':
      return multipart(params, charset, random);
    case 'json':
      return jsonBody(params, random);
    case 'other-type': {
      const contentType = random.pick(['text/plain', 'application/xml', 'multipart/mixed; boundary=x', 'application/json-patch+json', undefined]);
      // A body of another type is ignored (docs/compatibility.md): readable, but its fields do not count.
      return { contentType, body: form(), readable: true, ignored: true, label: `other-type:${contentType ?? 'none'}`, carriesParams: true };
    }
    case 'garbage':
      return { contentType: random.pick(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=b', 'application/json']), body: random.bytes(random.length(20_000)), readable: undefined, label: 'garbage', carriesParams: false };
    case 'oversized':
      return { contentType: 'application/x-www-form-urlencoded', body: Buffer.alloc(bodyLimit + 1 + random.int(64 * 1024), 'a'), readable: false, label: 'oversized', carriesParams: false };
    case 'get':
      throw new Error('a GET has no body');
  }
}

/** The fmt and charset answers may use: the body's when its fields count, else the query's (docs/compatibility.md). */
function answerFormat(query: Param[], body: Param[], bodyCounts: boolean | undefined, queryReadable: boolean): { fmts: Fmt[]; charsets: Charset[] } {
  const fmts = new Set<Fmt>();
  const charsets = new Set<Charset>();
  const queryValue = (name: string) => (queryReadable ? text(last(query, name)) : undefined);
  for (const counts of bodyCounts === undefined ? [true, false] : [bodyCounts]) {
    const bodyValue = (name: string) => (counts ? text(last(body, name)) : undefined);
    // The body's fmt wins even when empty; an empty charset in the body leaves the query's.
    fmts.add(readFmt(new Map([['fmt', bodyValue('fmt') ?? queryValue('fmt') ?? '']])));
    charsets.add(parseCharset(bodyValue('charset') || queryValue('charset')));
  }
  return { fmts: [...fmts], charsets: [...charsets] };
}

/** Builds case `number` of the run seeded `runSeed`; the same arguments always build the same request. */
export function generateCase(runSeed: number, number: number, context: CaseContext): FuzzCase {
  const random = new FuzzRandom(caseSeed(runSeed, number));
  const script = random.weighted<ScriptName>([[30, 'send'], [8, 'rest'], [15, 'status'], [8, 'balance'], [20, 'get'], [8, 'info'], [4, 'unknown']]);
  const gateway: FuzzCase['gateway'] = random.chance(0.15) ? 'default' : 'tuned';
  const intended = parseCharset(random.pick(CHARSET_VALUES));
  let params = mutate([...credentials(random, context.accounts[gateway], md5), ...scriptParams(script, random)], random, intended);
  if (script === 'unknown') params.push(...Array.from({ length: random.between(0, 5) }, (): Param => [random.mixedText(4), junk(random)]));
  const size = params.reduce((sum, [name, value]) => sum + name.length + value.length, 0);
  const transport = pickTransport(random, script, size);
  const post = transport !== 'get';
  // Garbage and oversized bodies carry none of the parameters: those go in the query.
  const bodyParams = post && transport !== 'garbage' && transport !== 'oversized';
  if (random.chance(0.02)) params = params.concat(flood(random));

  const query: Param[] = [];
  const body: Param[] = [];
  for (const param of params) (bodyParams && random.chance(0.8) ? body : query).push(param);
  place(random, query, body, 'fmt', FMT_VALUES, bodyParams);
  place(random, query, body, 'charset', CHARSET_VALUES, bodyParams);
  const declared = parseCharset(text(last(body, 'charset')) || text(last(query, 'charset')));
  const charset = random.chance(0.85) ? declared : intended;
  const clean = new Set(['fmt', 'charset']);

  let queryString = urlencode(query, charset, random, clean);
  if (queryString.length >= HEAD_AMBIGUOUS_FROM && queryString.length <= MAX_HEAD_BYTES + 1024) queryString += `&pad=${'p'.repeat(4096)}`;
  const encoded = post ? encodeBody(transport, body, charset, random, clean, context.bodyLimitBytes) : undefined;
  // A body over the limit is refused unread, whatever its encoding.
  if (encoded && encoded.body.length > context.bodyLimitBytes) encoded.readable = false;
  const headers: Record<string, string> = encoded?.contentType ? { 'content-type': encoded.contentType } : {};

  const label = `${script}/${encoded?.label ?? 'get'}`;
  const method = post ? 'POST' : random.weighted([[40, 'GET'], [1, 'HEAD'], [1, random.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS'])]]);
  const path = script === 'unknown' ? random.pick(UNKNOWN_PATHS) : SCRIPT_PATHS[script];
  const base = { number, script, label, gateway, method, path, query: queryString, headers, body: encoded?.body } as const;
  // fastify's 431 carries a body even for HEAD, which no HTTP client can read: an oversized head is sent as GET.
  if (path.length + queryString.length > MAX_HEAD_BYTES) return { ...base, method: method === 'HEAD' ? 'GET' : method, expect: { kind: 'headTooLarge' } };
  if (!context.hasRoute(method, path)) return { ...base, expect: { kind: 'notFound' } };
  if (method === 'HEAD') return { ...base, expect: { kind: 'head' } };

  const queryFields = query.length + (queryString.includes('&pad=') ? 1 : 0);
  const queryReadable = queryFields <= 1000;
  // The body's own fields; a JSON object keeps one per distinct name, the other encodings every repeat.
  const fields = encoded?.carriesParams ? body : [];
  const bodyFields = encoded?.label.startsWith('json') ? new Set(fields.map(([name]) => name)).size : fields.length;
  const overCap = queryFields + (encoded?.readable === false || encoded?.ignored ? 0 : bodyFields) > 1000;
  // Fields of a body count only when it is readable and of a type the wire layer reads.
  const bodyCounts = !encoded || encoded.ignored || overCap ? false : encoded.readable;
  const refused = encoded?.readable === false || overCap;
  return { ...base, expect: { kind: 'smsc', ...answerFormat(query, fields, bodyCounts, queryReadable), ...(refused ? { codes: [1] } : {}) } };
}
