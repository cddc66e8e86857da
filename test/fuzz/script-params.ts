// Fuzz parameters per SMSC script, credentials, and the mutations that turn a plausible request into a hostile one.
import { ALPHABETS, type FuzzRandom } from './fuzz-random.ts';
import { invalidBytes, bytesOf, type Param } from './encodings.ts';
import type { Charset } from '../../src/wire/types.ts';
import * as values from './values.ts';

/** The scripts the fuzzer calls; `unknown` is any path that names no script. */
export type ScriptName = 'send' | 'rest' | 'status' | 'balance' | 'get' | 'info' | 'unknown';

/** An account of the fuzz gateway and its secrets. */
export interface FuzzAccount {
  login: string;
  password: string;
  apiKey: string;
}

/** Every way a client proves (or fails to prove) who it is (spec §2); most requests carry valid credentials. */
export function credentials(random: FuzzRandom, accounts: readonly FuzzAccount[], md5: (text: string) => string): Param[] {
  const account = random.pick(accounts);
  return random.weighted<() => Param[]>([
    [50, () => [['login', account.login], ['psw', account.password]]],
    [10, () => [['login', account.login], ['psw', md5(account.password)]]],
    [15, () => [['apikey', account.apiKey]]],
    [5, () => [['login', ''], ['psw', account.apiKey]]],
    [1, () => [['login', account.login], ['psw', `${account.password}x`]]],
    [5, () => [['login', random.text(ALPHABETS.ascii, random.between(1, 20))], ['psw', 'nope']]],
    [5, () => []],
    [5, () => [['apikey', values.junk(random)]]],
    [2, () => [['login', 'x'.repeat(random.between(100, 5000))], ['psw', values.junk(random)]]],
  ])();
}

/** Optional parameters: each one present with probability `p`. */
function some(random: FuzzRandom, p: number, candidates: ReadonlyArray<[string, () => values.Value]>): Param[] {
  return candidates.filter(() => random.chance(p)).map(([name, value]) => [name, value()]);
}

function sendParams(random: FuzzRandom): Param[] {
  const params: Param[] = random.chance(0.92) ? [['phones', values.phoneList(random)], ['mes', values.messageText(random)]] : [];
  if (random.chance(0.05)) {
    const lines = Array.from({ length: random.between(1, 5) }, () => `${values.phoneList(random)}:${values.messageText(random).slice(0, 200)}`);
    params.push(['list', lines.join(random.pick(['\n', '\r\n']))]);
  }
  const sender = () => random.pick(['', 'Fuzz', 'x'.repeat(20), 'user@example.com', random.mixedText(random.length(30))]);
  // Mostly values send.php accepts, so that most cases reach submission; a quarter hostile.
  const mostly = (valid: readonly string[], hostile: () => string) => () => (random.chance(0.75) ? random.pick(valid) : hostile());
  return params.concat(some(random, 0.08, [
    ['sender', sender],
    ['id', () => values.messageId(random)],
    ['translit', mostly(['0', '1', '2'], () => values.hostileNumber(random))],
    ['cost', mostly(['0', '1', '2', '3'], () => values.hostileNumber(random))],
    ['time', mostly(['0', '+5', '9-18'], () => values.sendTime(random))],
    ['tz', mostly(['0', '3', '-3'], () => values.tz(random))],
    ['valid', mostly(['1', '00:30', '24'], () => values.validity(random))],
    ['maxsms', mostly(['1', '2', '5'], () => values.hostileNumber(random))],
    ['op', () => values.flag(random)],
    ['err', () => values.flag(random)],
    ['flash', () => values.flag(random)],
    ['mail', () => values.flag(random)],
    ['subj', () => random.mixedText(random.length(200))],
    [random.pick(['hlr', 'ping', 'viber', 'call', 'mms', 'bin', 'push', 'soc']), mostly(['0'], () => values.flag(random))],
  ]));
}

function statusParams(random: FuzzRandom): Param[] {
  return some(random, 0.9, [
    ['id', () => values.idList(random, values.messageId)],
    ['phone', () => values.idList(random, values.phone)],
  ]).concat(some(random, 0.3, [
    ['all', () => random.pick(['0', '1', '2', '3', values.hostileNumber(random)])],
    ['del', () => values.flag(random)],
  ]));
}

/** get.php flags: the implemented commands, ones being added, and ones this gateway does not have. */
const GET_FLAGS = ['get_messages', 'get_price', 'get_stat', 'get_answers', 'get_operator', 'get_mnp', 'get_tariff'];

function getParams(random: FuzzRandom): Param[] {
  const flags: Param[] = Array.from({ length: random.weighted([[2, 0], [20, 1], [2, 2]]) }, () => [random.pick(GET_FLAGS), values.flag(random)]);
  return flags.concat(some(random, 0.25, [
    ['start', () => values.date(random)],
    ['end', () => values.date(random)],
    ['phone', () => values.idList(random, values.phone)],
    ['email', () => random.pick(['a@example.com', 'a@example.com,b@example.com', values.junk(random)])],
    ['format', () => random.pick(['0', '8', '', '1', values.hostileNumber(random)])],
    ['cnt', () => values.hostileNumber(random)],
    ['prev_id', () => values.hostileNumber(random)],
    ['mycur', () => values.flag(random)],
    ['balance2', () => values.flag(random)],
    ['hour', () => values.hostileNumber(random)],
  ]));
}

/** A script's own parameters, before mutation. */
export function scriptParams(script: ScriptName, random: FuzzRandom): Param[] {
  switch (script) {
    case 'send':
    case 'rest':
      return sendParams(random);
    case 'status':
      return statusParams(random);
    case 'balance':
      return some(random, 0.5, [['cur', () => values.flag(random)]]);
    case 'get':
      return getParams(random);
    case 'info':
      return some(random, 0.9, [['get_operator', () => values.flag(random)], ['phone', () => values.idList(random, values.phone)]]);
    case 'unknown':
      return [];
  }
}

/** Names that are odd in PHP or JavaScript: array syntax, prototype keys, empty. */
const ODD_NAMES = ['', 'x', '[]', 'phones[]', 'a[b]', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'FMT', 'Login'];

/** Repeats, junk values, invalid bytes for the charset and extra parameters; `fmt` and `charset` are left alone. */
export function mutate(params: Param[], random: FuzzRandom, charset: Charset): Param[] {
  const out = [...params];
  const at = () => random.int(out.length);
  if (out.length && random.chance(0.15)) out.splice(at(), 0, [out[at()]![0], values.junk(random)]);
  if (out.length && random.chance(0.1)) {
    const i = at();
    out[i] = [out[i]![0], values.junk(random)];
  }
  if (out.length && random.chance(0.1)) {
    const i = at();
    const bytes = bytesOf(out[i]![1], charset);
    const cut = random.int(bytes.length + 1);
    out[i] = [out[i]![0], Buffer.concat([bytes.subarray(0, cut), invalidBytes(random, charset), bytes.subarray(cut)])];
  }
  if (random.chance(0.1)) out.push([random.chance(0.5) ? random.pick(ODD_NAMES) : random.mixedText(random.between(1, 10)), values.junk(random)]);
  return out;
}

/** 990 to 1010 extra fields: around the 1000-field cap of docs/compatibility.md. */
export function flood(random: FuzzRandom): Param[] {
  return Array.from({ length: random.between(990, 1010) }, (_, i) => [`f${i}`, '1']);
}
