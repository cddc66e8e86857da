// Longest-prefix lookup over digit strings: a flat array trie, built once and read allocation-free.

const FANOUT = 10;
const DIGIT_0 = 48;
const INITIAL_NODES = 1024;

/**
 * Maps digit prefixes to values and finds the longest prefix of a number in O(length) without allocating.
 * A flat Int32Array trie (10 child slots per node) rather than Maps bucketed by prefix length: those hash
 * one substring per candidate length, so each lookup would allocate up to 15 strings.
 */
export class PrefixIndex<V> {
  private children = new Int32Array(INITIAL_NODES * FANOUT);
  private readonly values: (V | undefined)[] = [undefined];
  private nodes = 1;

  /** Number of trie nodes, a measure of memory (40 bytes each plus the value slot). */
  get size(): number {
    return this.nodes;
  }

  /** Sets the value of `prefix` (ASCII digits only); a later insert for the same prefix replaces the earlier. */
  insert(prefix: string, value: V): void {
    let node = 0;
    for (let i = 0; i < prefix.length; i++) {
      const digit = prefix.charCodeAt(i) - DIGIT_0;
      if (digit < 0 || digit > 9) throw new RangeError(`prefix ${prefix} is not all digits`);
      const slot = node * FANOUT + digit;
      let child = this.children[slot] ?? 0;
      if (child === 0) {
        child = this.grow();
        this.children[slot] = child;
      }
      node = child;
    }
    this.values[node] = value;
  }

  /** The value of the longest prefix of `digits` that has one; reading stops at the first non-digit. */
  lookup(digits: string): V | undefined {
    const children = this.children;
    let best = this.values[0];
    let node = 0;
    for (let i = 0; i < digits.length; i++) {
      const digit = digits.charCodeAt(i) - DIGIT_0;
      if (digit < 0 || digit > 9) break;
      node = children[node * FANOUT + digit] ?? 0;
      if (node === 0) break;
      const value = this.values[node];
      if (value !== undefined) best = value;
    }
    return best;
  }

  /** Every prefix with a value that starts with `prefix` (itself included), in depth-first order. */
  *entriesUnder(prefix: string): Generator<[string, V]> {
    let node = 0;
    for (let i = 0; i < prefix.length && node >= 0; i++) {
      const digit = prefix.charCodeAt(i) - DIGIT_0;
      node = digit >= 0 && digit <= 9 ? (this.children[node * FANOUT + digit] ?? 0) || -1 : -1;
    }
    if (node >= 0) yield* this.walk(node, prefix);
  }

  private *walk(node: number, prefix: string): Generator<[string, V]> {
    const value = this.values[node];
    if (value !== undefined) yield [prefix, value];
    for (let digit = 0; digit < FANOUT; digit++) {
      const child = this.children[node * FANOUT + digit] ?? 0;
      if (child !== 0) yield* this.walk(child, `${prefix}${digit}`);
    }
  }

  private grow(): number {
    if ((this.nodes + 1) * FANOUT > this.children.length) {
      const bigger = new Int32Array(this.children.length * 2);
      bigger.set(this.children);
      this.children = bigger;
    }
    this.values.push(undefined);
    return this.nodes++;
  }
}
