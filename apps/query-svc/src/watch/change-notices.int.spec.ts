// Watchers woken by the projector's change notices on a real RabbitMQ: only the watchers whose
// keys a notice lists, and a resync from Meilisearch when the broker connection was lost.
import { setTimeout as sleep } from "node:timers/promises";
import { closeBrokerConnection } from "@orderlens/testing";
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
});
afterAll(() => harness.stop());

/** A WatchOrder stream whose messages the test takes one at a time. */
function watch(orderId: string) {
  const abort = new AbortController();
  const stream = h.client.watchOrder({ orderId }, { signal: abort.signal })[Symbol.asyncIterator]();
  return {
    next: () => stream.next().then((r) => r.value),
    stop: () => abort.abort(),
  };
}

const within = <T>(p: Promise<T>, ms: number): Promise<T | "quiet"> =>
  Promise.race([p, sleep(ms).then(() => "quiet" as const)]);

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
    await h.put(h.indexes.orders, [
      orderDoc("n-a", { version: 2 }),
      orderDoc("n-b", { version: 2 }),
    ]);
    const nextA = a.next();
    const nextB = b.next();
    notices.publish({ position: 5, orderIds: ["n-a"] });
    const woken = await within(nextA, 2_000);
    expect(woken).toMatchObject({ projectedVersion: 2n, position: 5n });
    // n-b changed in Meilisearch too, but no notice named it: its watcher was not woken.
    expect(await within(nextB, 300)).toBe("quiet");
    notices.publish({ position: 6, orderIds: ["n-b"] });
    expect(await within(nextB, 2_000)).toMatchObject({ projectedVersion: 2n, position: 6n });
    a.stop();
    b.stop();
  });

  it("resync every watcher from Meilisearch after the broker connection was lost", async () => {
    await h.put(h.indexes.orders, [orderDoc("n-c", { version: 1 })]);
    const c = watch("n-c");
    expect((await c.next()).projectedVersion).toBe(1n);
    const next = c.next();
    // The notice for this change is lost with the connection; the resync still finds it.
    await h.put(h.indexes.orders, [orderDoc("n-c", { version: 2 })]);
    await closeBrokerConnection(`query-svc change notices from ${notices.exchange}`);
    expect(await within(next, 10_000)).toMatchObject({ projectedVersion: 2n });
    c.stop();
    await notices.waitForNoticeQueue();
  });
});
