// Fuzz values for SMSC parameters: plausible ones that reach the script logic, and hostile ones that should not.
import { ALPHABETS, type FuzzRandom } from './fuzz-random.ts';

/** A parameter value: text (encoded later in the request's charset) or raw bytes sent exactly as they are. */
export type Value = string | Buffer;

/** Numbers a parser can trip over: huge, negative, fractional, not-a-number, padded, non-ASCII digits. */
const HOSTILE_NUMBERS = [
  '', ' ', '0', '-0', '-1', '+1', '1.5', '1e3', '1e30', '1'.padEnd(31, '0'), '9'.repeat(400), 'NaN', 'Infinity',
  '-Infinity', '0x1F', '007', '2147483647', '2147483648', '9007199254740993', '١٢٣', '１２', '1,', ',1', '1 2', '--1',
];

/** Calendar edge cases in the `dd.mm.yyyy` family, and things that only look like dates. */
const HOSTILE_DATES = [
  '31.02.2024', '29.02.2023', '29.02.2024', '31.04.2024', '00.01.2024', '01.13.2024', '01.01.1969', '01.01.1970',
  '31.12.9999', '1.1.2024', '01. 01. 2024', '2024-01-01', '01.01.24', '99.99.9999', '01.01.-2024', '01.01.2024 25:61',
];

/** `time` forms of send.php (spec §3.1), valid and not. */
const TIMES = [
  '', '0', '3112241230', '0101250000', '31.12.24 12:30', '31.12.2024 12:30', '31.02.2024 10:00', '0-24', '9-18', '18-9',
  '25-30', '01700000000', '09999999999', '+15', ' 15', '+0', '+9999999999', '-5', '1234567890123', 'now', '24:00',
];

/** `tz` and `valid` values, valid and not. */
const TZS = ['', '0', '3', '+3', ' 3', '-3', '-12', '12', '13', '-13', '99', '3.5', 'msk'];
const VALIDS = ['', '1', '24', '25', '0', '00:01', '24:00', '24:01', '1:30', '1:60', '-1', '99:99'];

/** Every fmt a client could send: the four valid ones and junk (docs/compatibility.md: junk means 0). */
export const FMT_VALUES: ReadonlyArray<string> = ['0', '1', '2', '3', '', '4', '-1', '03', '3 ', ' 3', '1e0', 'xml', 'json', '३', '9'.repeat(40)];

/** Charset names the wire accepts, and ones it must fall back from. */
export const CHARSET_VALUES: ReadonlyArray<string> = ['windows-1251', 'utf-8', 'koi8-r', 'UTF8', ' koi8 ', 'cp1251', 'utf-16', 'latin1', 'ascii', ''];

/** A phone as clients write it, valid or not. */
export function phone(random: FuzzRandom): string {
  const national = () => `9${random.text(ALPHABETS.digits, 9)}`;
  return random.weighted<() => string>([
    [6, () => `7${national()}`],
    [2, () => `+7 (${random.text(ALPHABETS.digits, 3)}) ${random.text(ALPHABETS.digits, 3)}-${random.text(ALPHABETS.digits, 2)}-${random.text(ALPHABETS.digits, 2)}`],
    [1, () => `8${national()}`],
    [1, () => national()],
    [1, () => `+${random.text(ALPHABETS.digits, random.between(1, 20))}`],
    [1, () => random.text(ALPHABETS.digits, random.length(30))],
    [1, () => random.mixedText(random.length(20))],
    [1, () => `${random.text(ALPHABETS.ascii, 5)}@example.com`],
  ])();
}

/** A comma or semicolon list of phones; now and then longer than the 10,000-recipient cap. */
export function phoneList(random: FuzzRandom): string {
  const count = random.weighted([
    [20, random.between(1, 3)],
    [3, random.between(4, 200)],
    [1, random.between(10_001, 12_000)],
    [1, 0],
  ]);
  const separator = () => random.weighted([[8, ','], [2, ';'], [1, ', '], [1, ',,'], [1, ' ; ']]);
  let out = '';
  for (let i = 0; i < count; i++) out += (i ? separator() : '') + (count > 200 ? `7999${String(i).padStart(7, '0')}` : phone(random));
  return out;
}

/** A message text: short, at the 1000-character edge, or a megabyte. */
export function messageText(random: FuzzRandom): string {
  return random.weighted<() => string>([
    [14, () => random.mixedText(random.between(1, 40))],
    [2, () => random.text(ALPHABETS.cyrillic, random.between(60, 400))],
    [1, () => 'x'.repeat(random.pick([1000, 1001]))],
    [1, () => random.mixedText(random.length(5000))],
    [1, () => 'A'.repeat(1024 * 1024)],
    [1, () => ''],
  ])();
}

/** A message id: SMSC integer and string ids, and hostile numbers and strings. */
export function messageId(random: FuzzRandom): string {
  return random.weighted<() => string>([
    [4, () => String(random.between(1, 300))],
    [2, () => random.text('abcXYZ019._-', random.between(1, 40))],
    [2, () => random.pick(HOSTILE_NUMBERS)],
    [1, () => random.mixedText(random.length(60))],
  ])();
}

/** A comma list of message ids, or of phones, for status.php. */
export function idList(random: FuzzRandom, item: (random: FuzzRandom) => string): string {
  const count = random.weighted([[10, 1], [3, random.between(2, 5)], [1, random.between(990, 1010)]]);
  return Array.from({ length: count }, () => item(random)).join(',') + (random.chance(0.1) ? ',' : '');
}

export function hostileNumber(random: FuzzRandom): string {
  return random.pick(HOSTILE_NUMBERS);
}

export function date(random: FuzzRandom): string {
  if (random.chance(0.5)) return random.pick(HOSTILE_DATES);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(random.between(1, 31))}.${pad(random.between(1, 12))}.${random.between(2015, 2035)}`;
}

export function sendTime(random: FuzzRandom): string {
  return random.pick(TIMES);
}

export function tz(random: FuzzRandom): string {
  return random.pick(TZS);
}

export function validity(random: FuzzRandom): string {
  return random.pick(VALIDS);
}

/** A flag: mostly 0 or 1, sometimes junk. */
export function flag(random: FuzzRandom): string {
  return random.weighted<() => string>([[6, () => '1'], [3, () => '0'], [1, () => hostileNumber(random)]])();
}

/** Anything at all: a hostile number or date, mixed text, or raw bytes. */
export function junk(random: FuzzRandom): Value {
  return random.weighted<() => Value>([
    [3, () => hostileNumber(random)],
    [1, () => date(random)],
    [3, () => random.mixedText(random.length(100))],
    [2, () => random.bytes(random.length(64))],
  ])();
}
