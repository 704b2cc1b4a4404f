import { Code } from "@connectrpc/connect";
import { OrderStatus } from "@orderlens/contracts";
import { fieldViolationsOf } from "@orderlens/server";
import { rejection } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderDoc, type QueryHarness, startQueryHarness } from "../../test/query-svc-harness.js";

let h: QueryHarness;

beforeAll(async () => {
  h = await startQueryHarness({ GET_ORDER_DEFAULT_WAIT_MS: "300", GET_ORDER_MAX_WAIT_MS: "2000" });
  await h.put(h.indexes.orders, [
    orderDoc("o-done", {
      status: "completed",
      completedAt: Date.parse("2026-10-06T08:30:00Z"),
      version: 2,
      lines: [
        ["sku-1", "Espresso beans", 2, 1250],
        ["sku-2", "Filter papers", 1, 399],
      ],
    }),
    orderDoc("o-late", { version: 1 }),
  ]);
});
afterAll(() => h.stop());

describe("GetOrder", () => {
  it("maps the projected document to the order view", async () => {
    const r = await h.client.getOrder({ orderId: "o-done" });
    expect(r.minVersionReached).toBe(true);
    expect(r.projectedVersion).toBe(2n);
    expect(r.order).toMatchObject({
      orderId: "o-done",
      customerId: "c-1",
      region: "eu-west",
      status: OrderStatus.COMPLETED,
      currency: "EUR",
      totalMinor: 2_899n,
      month: "2026-10",
      version: 2n,
    });
    expect(r.order?.items.map((i) => [i.productId, i.quantity, i.lineTotalMinor])).toEqual([
      ["sku-1", 2, 2_500n],
      ["sku-2", 1, 399n],
    ]);
    expect(Number(r.order?.completedAt?.seconds)).toBe(Date.parse("2026-10-06T08:30:00Z") / 1000);
    expect(r.order?.cancelledAt).toBeUndefined();
  });

  it("answers NOT_FOUND for an order the projection does not have", async () => {
    const e = await rejection(h.client.getOrder({ orderId: "o-never" }));
    expect(e.code).toBe(Code.NotFound);
  });

  it("waits for min_version and returns as soon as the projection reaches it", async () => {
    const pending = h.client.getOrder({
      orderId: "o-late",
      minVersion: 2n,
      maxWait: { seconds: 2n, nanos: 0 },
    });
    await new Promise((r) => setTimeout(r, 150));
    await h.put(h.indexes.orders, [orderDoc("o-late", { status: "cancelled", version: 2 })]);
    const r = await pending;
    expect(r.minVersionReached).toBe(true);
    expect(r.order?.status).toBe(OrderStatus.CANCELLED);
    expect(r.order?.version).toBe(2n);
    const waitedMs = Number(r.waited?.seconds ?? 0n) * 1000 + (r.waited?.nanos ?? 0) / 1e6;
    expect(waitedMs).toBeGreaterThanOrEqual(100);
    expect(waitedMs).toBeLessThan(2_000);
  });

  it("says how far behind the projection is when the wait runs out", async () => {
    const r = await h.client.getOrder({
      orderId: "o-done",
      minVersion: 5n,
      maxWait: { seconds: 0n, nanos: 200_000_000 },
    });
    expect(r.minVersionReached).toBe(false);
    expect(r.projectedVersion).toBe(2n);
    expect(r.order?.version).toBe(2n);
  });

  it("answers a wait for an order that never appears with no order, not an error", async () => {
    const r = await h.client.getOrder({
      orderId: "o-missing",
      minVersion: 1n,
      maxWait: { seconds: 0n, nanos: 100_000_000 },
    });
    expect(r.minVersionReached).toBe(false);
    expect(r.projectedVersion).toBe(0n);
    expect(r.order).toBeUndefined();
  });

  it("rejects a malformed order id with a field violation", async () => {
    const e = await rejection(h.client.getOrder({ orderId: "has space" }));
    expect(e.code).toBe(Code.InvalidArgument);
    expect(fieldViolationsOf(e).map((v) => v.field)).toEqual(["order_id"]);
  });
});
