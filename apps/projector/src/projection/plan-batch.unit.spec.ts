import type { OrderEvent } from "@orderlens/domain";
import type { StoredEvent } from "@orderlens/order-events";
import { describe, expect, it } from "vitest";
import { planBatch } from "./plan-batch.js";

let position = 0;
function stored(version: number, event: OrderEvent): StoredEvent {
  position += 1;
  return {
    position,
    eventId: `e-${position}`,
    orderId: event.orderId,
    version,
    event,
    occurredAt: 0,
    recordedAt: 0,
    metadata: { causationId: "", correlationId: "", actor: "" },
  };
}

const created: OrderEvent = {
  type: "OrderCreated",
  orderId: "o-1",
  customerId: "c",
  region: "eu",
  currency: "EUR",
  items: [
    { productId: "a", productName: "A", quantity: 2, unitPriceMinor: 300 },
    { productId: "b", productName: "B", quantity: 1, unitPriceMinor: 1_000 },
  ],
  createdAt: Date.parse("2026-01-31T23:30:00Z"),
};
const completed: OrderEvent = {
  type: "OrderCompleted",
  orderId: "o-1",
  totalMinor: 1_600,
  completedAt: Date.parse("2026-01-31T23:45:00Z"),
};
const cancelled: OrderEvent = {
  type: "OrderCancelled",
  orderId: "o-1",
  reason: "x",
  cancelledAt: Date.parse("2026-02-01T00:10:00Z"),
};

describe("planBatch", () => {
  it("applies in-order events and yields the sales of a completion, in the reporting time zone", () => {
    const plan = planBatch(new Map(), [stored(1, created), stored(2, completed)], "Asia/Tokyo");
    expect(plan.outcomes).toEqual(["applied", "applied"]);
    expect(plan.orders.get("o-1")).toMatchObject({
      version: 2,
      state: { status: "completed", totalMinor: 1_600 },
    });
    // 23:45 UTC on Jan 31 is already February in Tokyo.
    expect(plan.deltas).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: "month_product",
          month: "2026-02",
          productId: "a",
          quantity: 2,
          revenueMinor: 600,
        }),
        expect.objectContaining({
          kind: "month_region",
          month: "2026-02",
          region: "eu",
          revenueMinor: 1_600,
          completedOrders: 1,
          quantity: 3,
        }),
        expect.objectContaining({
          kind: "day",
          day: "2026-02-01",
          revenueMinor: 1_600,
          completedOrders: 1,
        }),
      ]),
    );
  });

  it("skips duplicates and refuses gaps without applying them", () => {
    const current = new Map([
      [
        "o-1",
        {
          version: 1,
          state: planBatch(new Map(), [stored(1, created)], "UTC").orders.get("o-1")?.state ?? {
            status: "none" as const,
          },
          lastPosition: 1,
        },
      ],
    ]);
    const plan = planBatch(current, [stored(1, created), stored(3, cancelled)], "UTC");
    expect(plan.outcomes).toEqual(["duplicate", "gap"]);
    expect(plan.orders.size).toBe(0);
    expect(plan.deltas).toEqual([]);
  });

  it("counts a cancellation, never as a sale", () => {
    const plan = planBatch(new Map(), [stored(1, created), stored(2, cancelled)], "UTC");
    expect(plan.deltas).toEqual([
      expect.objectContaining({
        kind: "month_region",
        month: "2026-02",
        cancelledOrders: 1,
        revenueMinor: 0,
        completedOrders: 0,
      }),
      expect.objectContaining({
        kind: "day",
        day: "2026-02-01",
        cancelledOrders: 1,
        revenueMinor: 0,
      }),
    ]);
  });

  it("marks an event impossible in the order's history as invalid instead of failing the batch", () => {
    const plan = planBatch(new Map(), [stored(1, completed)], "UTC");
    expect(plan.outcomes[0]).toEqual({ invalid: expect.any(String) });
  });

  it("takes an event of a retired order up to its tombstone's version as a duplicate, and refuses a later one", () => {
    const retired = new Map([
      [
        "o-1",
        { version: 2, state: { status: "none" as const }, lastPosition: 0, retired: true as const },
      ],
    ]);
    const plan = planBatch(retired, [stored(2, completed), stored(3, cancelled)], "UTC");
    expect(plan.outcomes[0]).toBe("duplicate");
    expect(plan.outcomes[1]).toEqual({
      invalid: "order o-1 was retired by retention at version 2; version 3 cannot be applied to it",
    });
    expect(plan.orders.size).toBe(0);
    expect(plan.deltas).toEqual([]);
  });

  it("leaves out the sales of months before the report window, and keeps the order's state", () => {
    const events = [stored(1, created), stored(2, completed)];
    const window = { firstMonth: "2026-02", months: 1 };
    const plan = planBatch(new Map(), events, "UTC", window);
    expect(plan.outcomes).toEqual(["applied", "applied"]);
    expect(plan.orders.get("o-1")?.state.status).toBe("completed");
    expect(plan.deltas).toEqual([]);
    // In Tokyo the completion is already February: inside the window.
    const tokyo = planBatch(new Map(), events, "Asia/Tokyo", window);
    expect(tokyo.deltas.map((d) => d.month)).toContain("2026-02");
  });

  it("merges the deltas of several orders into one row per aggregate key", () => {
    const other = { ...created, orderId: "o-2" };
    const plan = planBatch(
      new Map(),
      [
        stored(1, created),
        stored(2, completed),
        stored(1, other),
        stored(2, { ...completed, orderId: "o-2" }),
      ],
      "UTC",
    );
    const productA = plan.deltas.filter((d) => d.kind === "month_product" && d.productId === "a");
    expect(productA).toEqual([
      expect.objectContaining({ quantity: 4, revenueMinor: 1_200, completedOrders: 2 }),
    ]);
  });
});
