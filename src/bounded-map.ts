// A Map capped at a number of keys that forgets its oldest key first, in constant time however it is used.

/**
 * A Map of at most `cap` keys. `set` makes its key the newest (a key set again moves to the recent end), and a new
 * key past the cap evicts the oldest: least recently set, which is least recently used when callers set what they use.
 *
 * The oldest key is found by one iterator that is never rewound. A Map keeps a deleted entry's slot until it
 * compacts, and a fresh `keys()` steps over every such slot before the first live key: evicting that way cost 20 µs
 * a key at 50,000 keys, 11 % of the gateway's thread under load (bench/README.md). Every key this iterator has
 * passed was evicted by it, and a key set again was deleted and appended behind it, so the next key it yields is
 * always the oldest one.
 */
export class BoundedMap<K, V> {
  readonly cap: number;
  readonly #map = new Map<K, V>();
  #oldest: Iterator<K> = this.#map.keys();

  constructor(cap: number) {
    if (!Number.isInteger(cap) || cap < 1) throw new Error(`a BoundedMap needs a cap of at least 1, not ${cap}`);
    this.cap = cap;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Sets `key` as the newest entry, evicting the oldest when a new key would pass the cap. */
  set(key: K, value: V): this {
    if (!this.#map.delete(key) && this.#map.size >= this.cap) this.#evictOldest();
    this.#map.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
    this.#oldest = this.#map.keys();
  }

  /** Oldest first; deleting the entry just yielded is safe, as with a Map. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.#map.entries();
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }

  #evictOldest(): void {
    const oldest = this.#oldest.next();
    // Only reached with keys in the map, all of them ahead of the iterator: it is never exhausted here.
    if (!oldest.done) this.#map.delete(oldest.value);
  }
}
