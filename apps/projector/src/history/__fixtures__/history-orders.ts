// A small event store whose lines per month are known by hand, cut in Asia/Tokyo (UTC+9), with
// the cases an export must get right: orders completed on either side of a month's edge in that
// zone, items added and removed before completion, a cancelled and a pending order, and one
// completed outside the range.
import type { LineItem, OrderEvent } from "@orderlens/domain";

export const historyZone = "Asia/Tokyo";

const at = (iso: string) => Date.parse(iso);
const item = (productId: string, quantity: number, unitPriceMinor: number): LineItem => ({
  productId,
  productName: `Product ${productId}`,
  quantity,
  unitPriceMinor,
});
const total = (items: LineItem[]) => items.reduce((n, i) => n + i.quantity * i.unitPriceMinor, 0);

function created(
  orderId: string,
  items: LineItem[],
  createdAt: string,
  place = { region: "eu-west", currency: "EUR" },
): OrderEvent {
  return {
    type: "OrderCreated",
    orderId,
    customerId: `c-${orderId}`,
    ...place,
    items,
    createdAt: at(createdAt),
  };
}

function completed(orderId: string, items: LineItem[], completedAt: string): OrderEvent {
  return {
    type: "OrderCompleted",
    orderId,
    totalMinor: total(items),
    completedAt: at(completedAt),
  };
}

const jan = [item("p-1", 2, 1_000), item("p-2", 1, 500)];
const newYear = [item("p-1", 1, 1_000)];
const edge = [item("p-3", 3, 250)];
const changedBefore = [item("p-1", 1, 1_000), item("p-2", 2, 500)];
const changedAfter = [item("p-2", 2, 500), item("p-4", 1, 9_900)];
const march = [item("p-1", 5, 1_000)];
const usd = { region: "us-east", currency: "USD" };

/** Each order's events, in the order they are appended. */
export const historyOrders: Record<string, OrderEvent[]> = {
  // January in Tokyo and in UTC: two lines.
  "o-jan": [
    created("o-jan", jan, "2026-01-10T09:00:00Z"),
    completed("o-jan", jan, "2026-01-15T10:00:00Z"),
  ],
  // 2025-12-31T16:00Z is 2026-01-01T01:00 in Tokyo: a January line.
  "o-new-year": [
    created("o-new-year", newYear, "2025-12-31T12:00:00Z", usd),
    completed("o-new-year", newYear, "2025-12-31T16:00:00Z"),
  ],
  // 2026-01-31T23:30Z is 2026-02-01T08:30 in Tokyo: a February line.
  "o-edge": [
    created("o-edge", edge, "2026-01-31T20:00:00Z", usd),
    completed("o-edge", edge, "2026-01-31T23:30:00Z"),
  ],
  // Created with p-1 and p-2, p-4 added and p-1 removed: completed with p-2 and p-4 (version 4).
  "o-changed": [
    created("o-changed", changedBefore, "2026-02-03T09:00:00Z"),
    {
      type: "ItemAdded",
      orderId: "o-changed",
      item: item("p-4", 1, 9_900),
      at: at("2026-02-03T09:05:00Z"),
    },
    { type: "ItemRemoved", orderId: "o-changed", productId: "p-1", at: at("2026-02-03T09:06:00Z") },
    completed("o-changed", changedAfter, "2026-02-04T09:00:00Z"),
  ],
  "o-cancelled": [
    created("o-cancelled", jan, "2026-02-05T09:00:00Z"),
    {
      type: "OrderCancelled",
      orderId: "o-cancelled",
      reason: "changed my mind",
      cancelledAt: at("2026-02-05T10:00:00Z"),
    },
  ],
  "o-pending": [created("o-pending", jan, "2026-02-06T09:00:00Z")],
  "o-march": [
    created("o-march", march, "2026-03-02T09:00:00Z"),
    completed("o-march", march, "2026-03-02T10:00:00Z"),
  ],
};

/** Completed in February (Tokyo) after a first export: a re-export must hold it, once. */
export const lateFebruaryOrder: [string, OrderEvent[]] = [
  "o-late",
  [
    created("o-late", [item("p-3", 1, 250)], "2026-02-20T09:00:00Z"),
    completed("o-late", [item("p-3", 1, 250)], "2026-02-20T10:00:00Z"),
  ],
];

export const historyEventCount = Object.values(historyOrders).reduce((n, e) => n + e.length, 0);
