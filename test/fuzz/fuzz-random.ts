// The fuzzer's dice: seeded picks, sizes and strings over src/random.ts, so a seed replays every case exactly.
import { seededRandom } from '../../src/random.ts';

/** One case's seed from the run's seed and the case number (so one case can be replayed alone). */
export function caseSeed(runSeed: number, caseNumber: number): number {
  return (Math.imul(runSeed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(caseNumber + 1, 0xc2b2ae35)) >>> 0;
}

const ASCII_PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
const CYRILLIC = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя';

/** Alphabets for generated text: plain, Cyrillic, characters no single-byte charset holds, and control characters. */
export const ALPHABETS = {
  ascii: ASCII_PRINTABLE,
  digits: '0123456789',
  cyrillic: CYRILLIC,
  // Emoji, CJK, combining marks, U+FFFD, a right-to-left mark and a BOM.
  exotic: '😀🚀中文ü̈\u{fffd}\u200f\ufeff€™№«»',
  control: '\u0000\u0001\u0007\b\t\n\r\u001b\u007f',
  markup: '<>&"\'\\/{}[],;:=%+?#',
} as const;

/** A seeded source of fuzz decisions. */
export class FuzzRandom {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = seededRandom(seed);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.#next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.#next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** One of `choices`, each with its weight. */
  weighted<T>(choices: ReadonlyArray<readonly [weight: number, value: T]>): T {
    let roll = this.#next() * choices.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, value] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices.at(-1)![1];
  }

  /** A length that is usually small and sometimes large: 0..max with a heavy tail. */
  length(max: number): number {
    return Math.min(max, Math.floor(Math.exp(this.#next() * Math.log(max + 1))) - 1 + this.int(2));
  }

  /** `length` characters from `alphabet` (code points, so emoji stay whole). */
  text(alphabet: string, length: number): string {
    const chars = Array.from(alphabet);
    return Array.from({ length }, () => this.pick(chars)).join('');
  }

  /** Text of a random mix of alphabets. */
  mixedText(length: number): string {
    const alphabets = Object.values(ALPHABETS);
    let out = '';
    while (out.length < length) out += this.text(this.pick(alphabets), this.between(1, 8));
    return out;
  }

  /** `length` random bytes. */
  bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.int(256)));
  }
}
