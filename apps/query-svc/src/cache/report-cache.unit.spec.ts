import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { FeedChange } from "../watch/change-feed.js";
import { createReportCache } from "./report-cache.js";

const october = { from: "2026-10", to: "2026-10" };
const autumn = { from: "2026-09", to: "2026-11" };
const notice = (months: string[], everything = false): FeedChange => ({
  position: 1,
  orderIds: [],
  months,
  everything,
});

/** A cache whose loads return the number of loads so far, with its metrics readable. */
function counted(maxEntries = 10) {
  const cache = createReportCache<number>({ maxEntries });
  const registry = new Registry();
  cache.register(registry);
  let loads = 0;
  const load = async () => ++loads;
  const metric = async (name: string, reason?: string) => {
    const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
    return values
      .filter((v) => reason === undefined || v.labels.reason === reason)
      .reduce((sum, v) => sum + v.value, 0);
  };
  return { cache, load, metric, loads: () => loads };
}

/** A load the test finishes by hand. */
function deferred() {
  let finish!: (value: number) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<number>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { load: () => promise, finish, fail };
}

describe("createReportCache", () => {
  it("answers a repeated key from memory while notices flow, counting hits and misses", async () => {
    const { cache, load, metric } = counted();
    cache.setLive(true);
    expect(await cache.read("k", october, load)).toBe(1);
    expect(await cache.read("k", october, load)).toBe(1);
    expect(await cache.read("other", october, load)).toBe(2);
    expect(await metric("query_report_cache_hits_total")).toBe(1);
    expect(await metric("query_report_cache_misses_total")).toBe(2);
    expect(await metric("query_report_cache_entries")).toBe(2);
  });

  it("drops the entries whose months a notice lists, and keeps the others", async () => {
    const { cache, load, metric } = counted();
    cache.setLive(true);
    await cache.read("oct", october, load); // 1
    await cache.read("autumn", autumn, load); // 2
    await cache.read("any", undefined, load); // 3: reads every month
    cache.notify(notice(["2026-11"]));
    expect(await metric("query_report_cache_invalidations_total", "notice")).toBe(2);
    expect(await cache.read("oct", october, load)).toBe(1);
    expect(await cache.read("autumn", autumn, load)).toBe(4);
    expect(await cache.read("any", undefined, load)).toBe(5);
    cache.notify(notice([])); // order ids only: no month, no report
    expect(await cache.read("oct", october, load)).toBe(1);
  });

  it("drops every entry on a notice that says everything", async () => {
    const { cache, load } = counted();
    cache.setLive(true);
    await cache.read("oct", october, load);
    cache.notify(notice([], true));
    expect(cache.size).toBe(0);
    expect(await cache.read("oct", october, load)).toBe(2);
  });

  it("stores nothing while notices are down, and drops what it held when they stop", async () => {
    const { cache, load, metric } = counted();
    expect(await cache.read("k", october, load)).toBe(1);
    expect(await cache.read("k", october, load)).toBe(2);
    expect(cache.size).toBe(0);
    expect(await metric("query_report_cache_misses_total")).toBe(0);
    cache.setLive(true);
    expect(await cache.read("k", october, load)).toBe(3);
    expect(await cache.read("k", october, load)).toBe(3);
    cache.setLive(false);
    expect(await metric("query_report_cache_invalidations_total", "notices_down")).toBe(1);
    expect(await cache.read("k", october, load)).toBe(4);
    // Back up: what changed while down was never heard, so nothing from before returns.
    cache.setLive(true);
    expect(await cache.read("k", october, load)).toBe(5);
  });

  it("never keeps a result whose read a notice for its months overtook", async () => {
    const { cache, load: counting, metric } = counted();
    cache.setLive(true);
    const slow = deferred();
    const raced = cache.read("oct", october, slow.load);
    const joined = cache.read("oct", october, counting); // asked before the notice: shares the read
    cache.notify(notice(["2026-10"]));
    slow.finish(100);
    expect(await raced).toBe(100);
    expect(await joined).toBe(100);
    expect(await cache.read("oct", october, counting)).toBe(1);
    expect(await metric("query_report_cache_misses_total")).toBe(2);
    expect(await cache.read("oct", october, counting)).toBe(1);
  });

  it("keeps a result whose read only a notice for other months overtook", async () => {
    const { cache, load } = counted();
    cache.setLive(true);
    const slow = deferred();
    const read = cache.read("oct", october, slow.load);
    cache.notify(notice(["2026-09"]));
    slow.finish(100);
    expect(await read).toBe(100);
    expect(await cache.read("oct", october, load)).toBe(100);
  });

  it("never keeps a result whose read outlived the notices", async () => {
    const { cache, load } = counted();
    cache.setLive(true);
    const slow = deferred();
    const read = cache.read("oct", october, slow.load);
    cache.setLive(false);
    cache.setLive(true);
    slow.finish(100);
    expect(await read).toBe(100);
    expect(await cache.read("oct", october, load)).toBe(1);
  });

  it("never keeps a failed read: the next caller reads again", async () => {
    const { cache, load } = counted();
    cache.setLive(true);
    const failing = deferred();
    const read = cache.read("oct", october, failing.load);
    failing.fail(new Error("meili down"));
    await expect(read).rejects.toThrow("meili down");
    expect(await cache.read("oct", october, load)).toBe(1);
    expect(await cache.read("oct", october, load)).toBe(1);
  });

  it("holds at most maxEntries, dropping the least recently used", async () => {
    const { cache, load, metric } = counted(2);
    cache.setLive(true);
    await cache.read("a", october, load); // 1
    await cache.read("b", october, load); // 2
    await cache.read("a", october, load); // hit: a is now the most recent
    await cache.read("c", october, load); // 3, evicts b
    expect(cache.size).toBe(2);
    expect(await metric("query_report_cache_evictions_total")).toBe(1);
    expect(await cache.read("a", october, load)).toBe(1);
    expect(await cache.read("b", october, load)).toBe(4);
  });

  it("is off at 0 entries: every read loads", async () => {
    const { cache, load } = counted(0);
    cache.setLive(true);
    expect(await cache.read("k", october, load)).toBe(1);
    expect(await cache.read("k", october, load)).toBe(2);
    expect(cache.size).toBe(0);
  });
});
