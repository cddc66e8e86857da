// Longest-prefix lookup over digit strings: a flat array trie, built once and read allocation-free.

const FANOUT = 10;
/** Int32 cells per node: its value slot, then one child per digit, side by side so a step reads one cache line. */
const STRIDE = 1 + FANOUT;
const DIGIT_0 = 48;
const INITIAL_NODES = 1024;

/** The arrays a PrefixIndex is made of, to store it and load it again without rebuilding. */
export interface PrefixIndexSnapshot<V> {
  /**
   * STRIDE cells per node: its value's position in `values` plus one (0 = no value), then the node number
   * of the child for each digit 0–9 (0 = none). Exactly `nodes × 11` long.
   */
  cells: Int32Array;
  /** Each distinct value once. */
  values: V[];
}

/**
 * Maps digit prefixes to values and finds the longest prefix of a number in O(length) without allocating.
 * A flat Int32Array trie rather than Maps bucketed by prefix length: those hash one substring per
 * candidate length, so each lookup would allocate up to 15 strings. Equal values (by identity) are stored once.
 */
export class PrefixIndex<V> {
  /** Each value's position in `values`, so equal values share one slot. */
  private readonly positions = new Map<V, number>();

  private constructor(
    private cells: Int32Array,
    private readonly values: V[],
    private nodes: number,
  ) {
    values.forEach((value, position) => this.positions.set(value, position));
  }

  /** An empty index. */
  static empty<V>(): PrefixIndex<V> {
    return new PrefixIndex<V>(new Int32Array(INITIAL_NODES * STRIDE), [], 1);
  }

  /** An index over a snapshot, or undefined when the arrays do not form one (a damaged file, say). */
  static fromSnapshot<V>(snapshot: PrefixIndexSnapshot<V>): PrefixIndex<V> | undefined {
    const { cells, values } = snapshot;
    const nodes = cells.length / STRIDE;
    if (nodes < 1 || !Number.isInteger(nodes)) return undefined;
    // Nodes are numbered in creation order, so a child always comes after its parent: this also rules out cycles.
    for (let node = 0, at = 0; node < nodes; node++) {
      const slot = cells[at++]!;
      if (slot < 0 || slot > values.length) return undefined;
      for (const end = at + FANOUT; at < end; at++) {
        const child = cells[at]!;
        if (child !== 0 && (child <= node || child >= nodes)) return undefined;
      }
    }
    return new PrefixIndex(cells, values, nodes);
  }

  /** Number of trie nodes, a measure of memory (44 bytes each). */
  get size(): number {
    return this.nodes;
  }

  /** Sets the value of `prefix` (ASCII digits only); a later insert for the same prefix replaces the earlier. */
  insert(prefix: string, value: V): void {
    let node = 0;
    for (let i = 0; i < prefix.length; i++) {
      const digit = prefix.charCodeAt(i) - DIGIT_0;
      if (digit < 0 || digit > 9) throw new RangeError(`prefix ${prefix} is not all digits`);
      const cell = node * STRIDE + 1 + digit;
      let child = this.cells[cell] ?? 0;
      if (child === 0) {
        child = this.grow();
        this.cells[cell] = child;
      }
      node = child;
    }
    this.cells[node * STRIDE] = this.slotOf(value);
  }

  /** The value of the longest prefix of `digits` that has one; reading stops at the first non-digit. */
  lookup(digits: string): V | undefined {
    const cells = this.cells;
    let best = cells[0] ?? 0;
    let at = 0;
    for (let i = 0; i < digits.length; i++) {
      const digit = digits.charCodeAt(i) - DIGIT_0;
      if (digit < 0 || digit > 9) break;
      const node = cells[at + 1 + digit] ?? 0;
      if (node === 0) break;
      at = node * STRIDE;
      const slot = cells[at] ?? 0;
      if (slot !== 0) best = slot;
    }
    return best === 0 ? undefined : this.values[best - 1];
  }

  /** Gives back the spare room growth left (up to half the cells); for when no more inserts follow. */
  compact(): void {
    this.cells = this.cells.slice(0, this.nodes * STRIDE);
  }

  /** The index's cells, trimmed to its nodes (a copy), and its values. */
  snapshot(): PrefixIndexSnapshot<V> {
    return { cells: this.cells.slice(0, this.nodes * STRIDE), values: [...this.values] };
  }

  private slotOf(value: V): number {
    let position = this.positions.get(value);
    if (position === undefined) {
      position = this.values.push(value) - 1;
      this.positions.set(value, position);
    }
    return position + 1;
  }

  private grow(): number {
    if ((this.nodes + 1) * STRIDE > this.cells.length) {
      const cells = new Int32Array(this.cells.length * 2);
      cells.set(this.cells);
      this.cells = cells;
    }
    return this.nodes++;
  }
}

/** A PrefixIndex and the prefixes put into it, so several tables can be merged prefix by prefix. */
export interface PrefixTable<V> {
  index: PrefixIndex<V>;
  prefixes: string[];
}
