// Reports answered from memory, never stale: query-svc cannot see Meilisearch change, but the
// projector tells each instance, on its own exclusive notice queue, which months every sync pass
// changed, once Meilisearch has applied them. So an entry lives exactly until a notice lists a
// month it reads:
// - a notice drops the entries whose months it lists, every entry when it says `everything`;
// - while notices are down (query-svc polls then) nothing is stored and what was is dropped:
//   changes made meanwhile would go unheard;
// - an entry is stored when its read starts, as the read's promise, so a notice that arrives
//   during the read drops it like a finished entry: a result read across a change is never
//   served to a later caller. Callers that ask while the read is in flight share it.
// The one bound is a notice's delivery delay: between Meilisearch applying a change and its notice
// reaching this instance, an entry still answers with the figures from before (as a watcher
// still shows them).
import { Counter, Gauge, type Registry } from "prom-client";
import { type MonthSpan, spanListsAny } from "../queries/sales-report/report-months.js";
import type { NoticeSink } from "../watch/change-feed.js";
import { createLruEntries } from "./lru-entries.js";

export interface ReportCacheOptions {
  /** Entries kept at most, the least recently used dropped first; 0 turns the cache off. */
  maxEntries: number;
}

export interface ReportCache<V> extends NoticeSink {
  /**
   * The value of `key`, from memory while no notice listed a month in `months` (every month when
   * undefined) since `load` was called for it; else `load()`, stored if notices flow.
   */
  read(key: string, months: MonthSpan | undefined, load: () => Promise<V>): Promise<V>;
  /** Entries held now, reads in flight included. */
  readonly size: number;
  /** Hits, misses, invalidations and evictions, for the server's /metrics. */
  register(registry: Registry): void;
}

interface Entry<V> {
  value: Promise<V>;
  months: MonthSpan | undefined;
}

export function createReportCache<V>(options: ReportCacheOptions): ReportCache<V> {
  if (options.maxEntries === 0) return uncached();
  const entries = createLruEntries<string, Entry<V>>(options.maxEntries);
  const metrics = cacheMetrics(() => entries.size);
  let live = false;
  const drop = (reason: "notice" | "notices_down", which: (e: Entry<V>) => boolean) => {
    const dropped = entries.deleteWhere(which);
    if (dropped > 0) metrics.invalidations.inc({ reason }, dropped);
  };
  const store = (key: string, months: MonthSpan | undefined, load: () => Promise<V>) => {
    const entry: Entry<V> = { value: load(), months };
    metrics.evictions.inc(entries.set(key, entry));
    // A failed read is not kept: the next caller reads again.
    entry.value.catch(() => {
      if (entries.peek(key) === entry) entries.delete(key);
    });
    return entry.value;
  };
  return {
    get size() {
      return entries.size;
    },
    read(key, months, load) {
      if (!live) return load();
      const hit = entries.get(key);
      if (hit) {
        metrics.hits.inc();
        return hit.value;
      }
      metrics.misses.inc();
      return store(key, months, load);
    },
    notify(change) {
      drop("notice", (e) => change.everything || spanListsAny(e.months, change.months));
    },
    setLive(next) {
      live = next;
      drop("notices_down", () => true);
    },
    register: (registry) => metrics.register(registry),
  };
}

/** REPORT_CACHE_ENTRIES=0: every read goes to Meilisearch, and nothing is counted. */
function uncached<V>(): ReportCache<V> {
  return {
    size: 0,
    read: (_key, _months, load) => load(),
    notify() {},
    setLive() {},
    register() {},
  };
}

function cacheMetrics(size: () => number) {
  const registers: Registry[] = [];
  const metrics = {
    hits: new Counter({
      name: "query_report_cache_hits_total",
      help: "Reports answered from the report cache (or from a read in flight for the same request)",
      registers,
    }),
    misses: new Counter({
      name: "query_report_cache_misses_total",
      help: "Reports read from Meilisearch while the report cache was on (notices flowing)",
      registers,
    }),
    invalidations: new Counter({
      name: "query_report_cache_invalidations_total",
      help: "Report cache entries dropped: a change notice listed a month they read, or notices stopped",
      labelNames: ["reason"],
      registers,
    }),
    evictions: new Counter({
      name: "query_report_cache_evictions_total",
      help: "Report cache entries dropped to stay within REPORT_CACHE_ENTRIES",
      registers,
    }),
    entries: new Gauge({
      name: "query_report_cache_entries",
      help: "Report cache entries held, reads in flight included",
      registers,
      collect() {
        this.set(size());
      },
    }),
  };
  return {
    ...metrics,
    register(registry: Registry) {
      for (const metric of Object.values(metrics)) registry.registerMetric(metric);
    },
  };
}
