// How many SMS parts a text takes and in which encoding (spec §13).
import { isGsm7Basic, isGsm7Extension } from './gsm7.ts';

/** The encoding a text is sent in, its length in that encoding's units, and its number of SMS parts. */
export interface SegmentCount {
  encoding: 'gsm7' | 'ucs2';
  units: number;
  parts: number;
}

// Capacities in units: a single SMS, and one part of a concatenated SMS after the UDH (spec §13).
const GSM7_SINGLE = 160;
const GSM7_PART = 153;
const UCS2_SINGLE = 70;
const UCS2_PART = 67;

/** Counts the parts of `text`: GSM-7 when every character is in the GSM-7 tables, UCS-2 otherwise. */
export function countSegments(text: string): SegmentCount {
  const chars = Array.from(text);
  const septets = gsm7Widths(chars);
  if (septets) return pack('gsm7', septets, GSM7_SINGLE, GSM7_PART);
  return pack('ucs2', chars.map((char) => char.length), UCS2_SINGLE, UCS2_PART);
}

function gsm7Widths(chars: string[]): number[] | undefined {
  const widths: number[] = [];
  for (const char of chars) {
    if (isGsm7Basic(char)) widths.push(1);
    else if (isGsm7Extension(char)) widths.push(2);
    else return undefined;
  }
  return widths;
}

// An empty text is still one message (docs/text.md).
function pack(encoding: SegmentCount['encoding'], widths: number[], single: number, part: number): SegmentCount {
  const units = widths.reduce((sum, width) => sum + width, 0);
  if (units <= single) return { encoding, units, parts: 1 };
  // A character never straddles two parts: a receiver cannot join an ESC septet or a surrogate half
  // sent in one part with the rest sent in the next, so the part is closed early instead.
  let parts = 1;
  let filled = 0;
  for (const width of widths) {
    if (filled + width > part) {
      parts += 1;
      filled = 0;
    }
    filled += width;
  }
  return { encoding, units, parts };
}
