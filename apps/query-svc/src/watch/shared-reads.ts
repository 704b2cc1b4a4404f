// Watchers asking the same question share one read of Meilisearch per change: a thousand
// dashboards on this month's report cost one report read per update, not a thousand. A read
// started at feed generation g sees every change up to g (the projector announces a change only
// after Meilisearch applied it), so a watcher woken by change g may join any read started at g or
// later, and reuse its result.

export interface SharedReads<V> {
  /** Registers one watcher of `key`; release() when it ends (the last one drops the entry). */
  acquire(key: string): SharedRead<V>;
  /** Keys with watchers now. */
  readonly size: number;
}

export interface SharedRead<V> {
  /** The value as of now: a read in flight or done since the last change, or `load()` afresh. */
  read(load: () => Promise<V>): Promise<V>;
  release(): void;
}

interface Entry<V> {
  watchers: number;
  generation: number;
  value: Promise<V> | undefined;
}

export function createSharedReads<V>(generation: () => number): SharedReads<V> {
  const entries = new Map<string, Entry<V>>();
  const read = (entry: Entry<V>, load: () => Promise<V>): Promise<V> => {
    const now = generation();
    if (entry.value && entry.generation >= now) return entry.value;
    const value = load();
    entry.generation = now;
    entry.value = value;
    // A failed read is not shared with the next caller: it tries again.
    value.catch(() => {
      if (entry.value === value) entry.value = undefined;
    });
    return value;
  };
  return {
    get size() {
      return entries.size;
    },
    acquire(key) {
      let entry = entries.get(key);
      if (!entry) {
        entry = { watchers: 0, generation: -1, value: undefined };
        entries.set(key, entry);
      }
      entry.watchers++;
      const mine = entry;
      let released = false;
      return {
        read: (load) => read(mine, load),
        release() {
          if (released) return;
          released = true;
          mine.watchers--;
          if (mine.watchers === 0 && entries.get(key) === mine) entries.delete(key);
        },
      };
    },
  };
}
