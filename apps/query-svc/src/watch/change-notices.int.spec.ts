// Watchers woken by the projector's change notices on a real RabbitMQ: only the watchers whose
// keys a notice lists, and a resync from Meilisearch when the broker connection was lost.
import { setTimeout as sleep } from "node:timers/promises";
import { closeBrokerConnection, waitFor } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NoticePublisher } from "../../test/notice-publisher.js";
import {
  type NoticedQueryHarness,
  startNoticedQueryHarness,
} from "../../test/noticed-query-harness.js";
import { orderDoc, type QueryHarness } from "../../test/query-svc-harness.js";

let h: QueryHarness;
let notices: NoticePublisher;
let harness: NoticedQueryHarness;

beforeAll(async () => {
  harness = await startNoticedQueryHarness("change-notices");
  ({ h, notices } = harness);
  await noticesFlow();
});
afterAll(() => harness.stop());

/** Notices flow once query-svc's consumer reports in: that wakes every watcher, so tests start after it. */
const noticesFlow = () =>
  waitFor(async () => h.service.noticesLive || undefined, {
    timeoutMs: 10_000,
    description: "query-svc to take notices",
  });

type Update = { projectedVersion: bigint; position: bigint };

/**
 * A WatchOrder stream read in the background, so a test can wait for the update it means and
 * skip others: when the notice consumer connects after the watchers opened, it wakes every
 * watcher once with the old position (a resync), which says nothing about a notice.
 */
function watch(orderId: string) {
  const abort = new AbortController();
  const updates: Update[] = [];
  let arrived: (() => void) | undefined;
  void (async () => {
    for await (const u of h.client.watchOrder({ orderId }, { signal: abort.signal })) {
      updates.push(u);
      arrived?.();
    }
  })().catch(() => undefined);
  /** The first update from now on that `wanted` accepts, or "quiet" after `ms`. */
  async function until(wanted: (u: Update) => boolean, ms: number): Promise<Update | "quiet"> {
    const deadline = performance.now() + ms;
    for (;;) {
      const at = updates.findIndex(wanted);
      if (at >= 0) return updates.splice(0, at + 1)[at] as Update;
      updates.length = 0;
      const left = deadline - performance.now();
      if (left <= 0) return "quiet";
      await Promise.race([new Promise<void>((r) => (arrived = r)), sleep(left)]);
    }
  }
  return {
    until,
    async next(): Promise<Update> {
      const u = await until(() => true, 10_000);
      if (u === "quiet") throw new Error(`no update on ${orderId} within 10 s`);
      return u;
    },
    stop: () => abort.abort(),
  };
}

describe("change notices", () => {
  it("wake only the watchers of the orders a notice lists", async () => {
    await h.put(h.indexes.orders, [
      orderDoc("n-a", { version: 1 }),
      orderDoc("n-b", { version: 1 }),
    ]);
    const a = watch("n-a");
    const b = watch("n-b");
    expect((await a.next()).projectedVersion).toBe(1n);
    expect((await b.next()).projectedVersion).toBe(1n);
    // The feed's first read of the projector's status wakes every watcher once: let it pass.
    await Promise.all([a.until(() => false, 1_000), b.until(() => false, 1_000)]);
    await h.put(h.indexes.orders, [
      orderDoc("n-a", { version: 2 }),
      orderDoc("n-b", { version: 2 }),
    ]);
    notices.publish({ position: 5, orderIds: ["n-a"] });
    expect(await a.until((u) => u.position >= 5n, 2_000)).toMatchObject({
      projectedVersion: 2n,
      position: 5n,
    });
    // n-b changed in Meilisearch too, but no notice named it: nothing woke it for notice 5.
    expect(await b.until((u) => u.position >= 5n, 300)).toBe("quiet");
    notices.publish({ position: 6, orderIds: ["n-b"] });
    expect(await b.until((u) => u.position >= 6n, 2_000)).toMatchObject({
      projectedVersion: 2n,
      position: 6n,
    });
    a.stop();
    b.stop();
  });

  it("resync every watcher from Meilisearch after the broker connection was lost", async () => {
    await h.put(h.indexes.orders, [orderDoc("n-c", { version: 1 })]);
    const c = watch("n-c");
    expect((await c.next()).projectedVersion).toBe(1n);
    // The notice for this change is lost with the connection; the resync still finds it.
    await h.put(h.indexes.orders, [orderDoc("n-c", { version: 2 })]);
    await closeBrokerConnection(`query-svc change notices from ${notices.exchange}`);
    expect(await c.until((u) => u.projectedVersion === 2n, 10_000)).toMatchObject({
      projectedVersion: 2n,
    });
    c.stop();
    await notices.waitForNoticeQueue();
    await noticesFlow();
  });
});
