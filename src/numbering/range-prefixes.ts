// Turning a range of numbers (first..last) into the fewest digit prefixes that cover exactly that range.

// Numbers are handled as doubles: E.164 numbers have at most 15 digits, below 2^53.
const MAX_DIGITS = 15;

/**
 * The fewest prefixes whose numbers of `first`'s length are exactly first..last: 79000000000..79000061999
 * gives 7900000 to 7900005, 79000060 and 79000061. `first` and `last` are digit strings of one length, first ≤ last.
 */
export function rangePrefixes(first: string, last: string): string[] {
  const length = first.length;
  if (length !== last.length || length > MAX_DIGITS || !/^\d*$/.test(first + last) || first > last) {
    throw new RangeError(`${first}..${last} is not a range of numbers of one length`);
  }
  const prefixes: string[] = [];
  const to = Number(last);
  for (let from = Number(first); from <= to; ) {
    // The largest aligned block (10^k numbers sharing a prefix) that starts at `from` and ends inside the range.
    let size = 1;
    let digits = 0;
    while (digits < length && from % (size * 10) === 0 && from + size * 10 - 1 <= to) {
      size *= 10;
      digits++;
    }
    prefixes.push(String(from).padStart(length, '0').slice(0, length - digits));
    from += size;
  }
  return prefixes;
}
