import { setTimeout as sleep } from "node:timers/promises";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { createChangeFeed, type FeedReading } from "./change-feed.js";

/** A feed over a reading the test sets, counting the reads. */
function feedOver(initial: FeedReading | undefined) {
  const state = { reading: initial, reads: 0 };
  const feed = createChangeFeed({
    read: async () => {
      state.reads++;
      return state.reading;
    },
    intervalMs: 5,
    onError: () => {},
  });
  return { feed, state };
}

const settledWithin = async (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => true), sleep(ms).then(() => false)]);

describe("createChangeFeed", () => {
  it("reads nothing while nobody subscribes", async () => {
    const { feed, state } = feedOver({ position: 1, pendingDocuments: 0 });
    await sleep(30);
    expect(state.reads).toBe(0);
    const s = feed.subscribe();
    await s.ready;
    s.close();
    const after = state.reads;
    await sleep(30);
    expect(state.reads - after).toBeLessThanOrEqual(1);
    feed.close();
  });

  it("wakes a subscriber when the position or the pending count moves, not otherwise", async () => {
    const { feed, state } = feedOver({ position: 1, pendingDocuments: 3 });
    const s = feed.subscribe();
    await s.ready;
    expect(s.position).toBe(1);
    const signal = new AbortController().signal;
    await s.next(signal); // the first reading counts as a change since subscribing
    const quiet = s.next(signal);
    expect(await settledWithin(quiet, 40)).toBe(false);
    state.reading = { position: 1, pendingDocuments: 0 };
    expect(await settledWithin(quiet, 200)).toBe(true);
    state.reading = { position: 2, pendingDocuments: 0 };
    expect(await settledWithin(s.next(signal), 200)).toBe(true);
    expect(s.position).toBe(2);
    s.close();
    feed.close();
  });

  it("ends waiting subscribers with UNAVAILABLE when it closes, and refuses new ones", async () => {
    const { feed } = feedOver(undefined);
    const s = feed.subscribe();
    await s.ready;
    expect(s.position).toBe(0);
    const waiting = s.next(new AbortController().signal);
    feed.close();
    await expect(waiting).rejects.toMatchObject({ code: Code.Unavailable });
    expect(() => feed.subscribe()).toThrow(expect.objectContaining({ code: Code.Unavailable }));
  });

  it("gives up a wait when the caller's signal aborts", async () => {
    const { feed } = feedOver({ position: 1, pendingDocuments: 0 });
    const s = feed.subscribe();
    await s.ready;
    await s.next(new AbortController().signal);
    const abort = new AbortController();
    const waiting = s.next(abort.signal);
    abort.abort(new Error("cancelled"));
    await expect(waiting).rejects.toThrow("cancelled");
    feed.close();
  });

  it("wakes, on a notice, only the subscribers whose keys it lists", async () => {
    const { feed } = feedOver({ position: 1, pendingDocuments: 0 });
    const a = feed.subscribe((c) => c.orderIds.includes("A"));
    const b = feed.subscribe((c) => c.orderIds.includes("B"));
    const all = feed.subscribe();
    await a.ready;
    feed.setLive(true);
    const signal = new AbortController().signal;
    for (const s of [a, b, all]) await s.next(signal); // the switch to live wakes everyone
    const [wa, wb, wall] = [a.next(signal), b.next(signal), all.next(signal)];
    feed.notify({ position: 7, orderIds: ["A"], months: [], everything: false });
    expect(await settledWithin(wa, 50)).toBe(true);
    expect(await settledWithin(wall, 50)).toBe(true);
    expect(await settledWithin(wb, 40)).toBe(false);
    expect(a.position).toBe(7);
    feed.notify({ position: 8, orderIds: [], months: [], everything: true });
    expect(await settledWithin(wb, 50)).toBe(true);
    feed.close();
  });

  it("polls only while notices are down, and every switch wakes every subscriber", async () => {
    const { feed, state } = feedOver({ position: 1, pendingDocuments: 0 });
    const s = feed.subscribe(() => false);
    await s.ready;
    const signal = new AbortController().signal;
    await s.next(signal);
    feed.setLive(true);
    await s.next(signal);
    await sleep(20);
    const whileLive = state.reads;
    await sleep(40);
    expect(state.reads).toBe(whileLive);
    const woken = s.next(signal);
    feed.setLive(false); // notices may have been missed: re-read
    expect(await settledWithin(woken, 50)).toBe(true);
    await sleep(40);
    expect(state.reads).toBeGreaterThan(whileLive);
    feed.close();
  });
});
