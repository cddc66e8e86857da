// Cuts a text down so that it fits a number of SMS parts (send.php `maxsms`).
import { countSegments } from './segments.ts';

/** The longest prefix of `text` (whole code points) that needs at most `maxParts` parts. */
export function fitToParts(text: string, maxParts: number): string {
  if (countSegments(text).parts <= maxParts) return text;
  const chars = Array.from(text);
  let fits = 0;
  let tooLong = chars.length;
  while (tooLong - fits > 1) {
    const mid = (fits + tooLong) >> 1;
    if (countSegments(chars.slice(0, mid).join('')).parts <= maxParts) fits = mid;
    else tooLong = mid;
  }
  return chars.slice(0, fits).join('');
}
