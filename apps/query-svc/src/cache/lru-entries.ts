// A map bounded by its number of entries, forgetting the least recently used first. A Map keeps
// insertion order, so moving an entry to the end on each use keeps the oldest use at the front.

export interface LruEntries<K, V> {
  /** The value, now the most recently used. */
  get(key: K): V | undefined;
  /** The value, its place in the order unchanged. */
  peek(key: K): V | undefined;
  /** Adds or replaces `key` as the most recently used; returns how many entries it evicted. */
  set(key: K, value: V): number;
  delete(key: K): boolean;
  /** Deletes the entries `drop` accepts; returns how many. */
  deleteWhere(drop: (value: V) => boolean): number;
  readonly size: number;
}

export function createLruEntries<K, V>(maxEntries: number): LruEntries<K, V> {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`an LRU holds at least one entry, got ${maxEntries}`);
  }
  const entries = new Map<K, V>();
  const evictOldest = (): number => {
    let evicted = 0;
    for (const key of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(key);
      evicted++;
    }
    return evicted;
  };
  return {
    get size() {
      return entries.size;
    },
    get(key) {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    peek: (key) => entries.get(key),
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      return evictOldest();
    },
    delete: (key) => entries.delete(key),
    deleteWhere(drop) {
      let deleted = 0;
      for (const [key, value] of entries) {
        if (!drop(value)) continue;
        entries.delete(key);
        deleted++;
      }
      return deleted;
    },
  };
}
