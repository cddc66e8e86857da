// A Map capped at a number of keys, or at a total weight, that forgets its least recently set key first, in constant
// time however it is used.

/** One entry, linked to its neighbours in the order they were set: `older` towards the eviction end. */
interface Entry<K, V> {
  readonly key: K;
  value: V;
  weight: number;
  older: Entry<K, V> | undefined;
  newer: Entry<K, V> | undefined;
}

/**
 * A Map of at most `cap` keys. `set` makes its key the newest (a key set again moves to the recent end), and a new
 * key past the cap evicts the oldest: least recently set, which is least recently used when callers set what they use.
 * With `weigh`, the cap is on the sum of the entries' weights instead: a heavy entry evicts as many old ones as it
 * takes, and one heavier than the cap is kept alone.
 *
 * The order is a doubly linked list beside the Map, so finding and moving an entry is constant time. A Map's own
 * insertion order cannot serve: it keeps a deleted entry's slot until it compacts, and a fresh `keys()` steps over
 * every such slot before the first live key (20 µs an eviction at 50,000 keys, 11 % of the gateway's thread under
 * load), while a long-lived iterator pins every hash table the Map has outgrown (bench/README.md).
 */
export class BoundedMap<K, V> {
  readonly #cap: number;
  readonly #weigh: (key: K, value: V) => number;
  readonly #entries = new Map<K, Entry<K, V>>();
  #oldest: Entry<K, V> | undefined;
  #newest: Entry<K, V> | undefined;
  #weight = 0;

  constructor(cap: number, weigh: (key: K, value: V) => number = () => 1) {
    if (!Number.isInteger(cap) || cap < 1) throw new Error(`a BoundedMap needs a cap of at least 1, not ${cap}`);
    this.#cap = cap;
    this.#weigh = weigh;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** Sets `key` as the newest entry, then evicts the oldest ones while the entries weigh more than the cap. */
  set(key: K, value: V): this {
    const weight = this.#weigh(key, value);
    let entry = this.#entries.get(key);
    if (entry) {
      this.#weight -= entry.weight;
      entry.value = value;
      entry.weight = weight;
      this.#unlink(entry);
    } else {
      entry = { key, value, weight, older: undefined, newer: undefined };
      this.#entries.set(key, entry);
    }
    this.#weight += weight;
    this.#append(entry);
    while (this.#weight > this.#cap && this.#oldest !== entry) this.delete(this.#oldest!.key);
    return this;
  }

  delete(key: K): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
    this.#unlink(entry);
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#oldest = this.#newest = undefined;
    this.#weight = 0;
  }

  /** Oldest first; deleting the entry just yielded is safe, as with a Map. */
  *[Symbol.iterator](): IterableIterator<[K, V]> {
    for (const entry of this.#oldestFirst()) yield [entry.key, entry.value];
  }

  *values(): IterableIterator<V> {
    for (const entry of this.#oldestFirst()) yield entry.value;
  }

  *#oldestFirst(): IterableIterator<Entry<K, V>> {
    for (let entry = this.#oldest; entry; ) {
      // Read before yielding, so the caller may delete the entry it was given.
      const next = entry.newer;
      yield entry;
      entry = next;
    }
  }

  /** Links an unlinked entry (both neighbours undefined) in as the newest. */
  #append(entry: Entry<K, V>): void {
    entry.older = this.#newest;
    if (this.#newest) this.#newest.newer = entry;
    else this.#oldest = entry;
    this.#newest = entry;
  }

  #unlink(entry: Entry<K, V>): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.#oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.#newest = entry.older;
    entry.older = entry.newer = undefined;
  }
}
