// Live reports end to end: three service processes, the projector's change notices over
// RabbitMQ waking query-svc's watchers.
import { SalesGroupBy, type WatchSalesReportResponse } from "@orderlens/contracts";
import { closeBrokerConnection } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type System, startSystem } from "./system-harness.js";

let system: System;
const thisMonth = new Date().toISOString().slice(0, 7);

beforeAll(async () => {
  system = await startSystem("e2e watch");
});
afterAll(() => system.stop());

async function placeOrder(requestId: string, productId: string) {
  const created = await system.commands.createOrder({
    requestId,
    customerId: "cust-watch",
    region: "eu-west",
    currency: "EUR",
    items: [{ productId, productName: `Product ${productId}`, quantity: 1, unitPriceMinor: 700n }],
  });
  return created.outcome?.orderId ?? "";
}

/** WatchOrder until `untilVersion`: the versions seen so far, and the stream's end. */
function watchUntil(orderId: string, untilVersion: bigint) {
  const versions: bigint[] = [];
  const watching = (async () => {
    for await (const m of system.queries.watchOrder({ orderId, untilVersion })) {
      versions.push(m.projectedVersion);
    }
  })();
  return { versions, watching };
}

const revenueOf = (m: WatchSalesReportResponse, productId: string) =>
  m.report?.rows.find((r) => r.key === productId)?.revenueMinor;

describe("watches end to end", () => {
  it("a report watcher sees a completed order within 1 s of the command's answer", async () => {
    const abort = new AbortController();
    const stream = system.queries
      .watchSalesReport(
        {
          report: {
            range: { case: "months", value: { from: thisMonth, to: thisMonth } },
            groupBy: SalesGroupBy.PRODUCT,
          },
        },
        { signal: abort.signal },
      )
      [Symbol.asyncIterator]();
    const first = (await stream.next()).value as WatchSalesReportResponse;
    expect(revenueOf(first, "watch-sku-1")).toBeUndefined();
    const orderId = await placeOrder("watch-1", "watch-sku-1");
    await system.commands.completeOrder({ orderId, expectedVersion: 1n });
    const answered = performance.now();
    let seen: WatchSalesReportResponse | undefined;
    while (!seen) {
      const m = (await stream.next()).value as WatchSalesReportResponse;
      if (revenueOf(m, "watch-sku-1") === 700n) seen = m;
    }
    const elapsedMs = performance.now() - answered;
    expect(elapsedMs).toBeLessThan(1_000);
    expect(seen.position).toBeGreaterThan(first.position);
    abort.abort();
  });

  it("WatchOrder with until_version ends once the projection reaches it", async () => {
    const orderId = await placeOrder("watch-2", "watch-sku-2");
    const { versions, watching } = watchUntil(orderId, 2n);
    await system.commands.completeOrder({ orderId, expectedVersion: 1n });
    await watching;
    expect(versions.at(-1)).toBe(2n);
    expect(versions.every((v, i) => i === 0 || v > (versions[i - 1] ?? 0n))).toBe(true);
  });

  it("a watch still gets the final state when the broker drops both ends of the change feed", async () => {
    const orderId = await placeOrder("watch-3", "watch-sku-3");
    const { versions, watching } = watchUntil(orderId, 2n);
    await expect.poll(() => versions.length).toBeGreaterThan(0);
    await closeBrokerConnection(`query-svc change notices from ${system.noticesExchange}`);
    await closeBrokerConnection(`projector change notices to ${system.noticesExchange}`);
    await system.commands.completeOrder({ orderId, expectedVersion: 1n });
    await watching;
    expect(versions.at(-1)).toBe(2n);
  });
});
