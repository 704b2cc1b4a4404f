import { describe, expect, it } from "vitest";
import { DeciderSpecification } from "../test/decider-spec.js";
import { createOrder, item, items, orderCreated, T0 } from "../test/fixtures.js";
import type { OrderCommand } from "./commands.js";
import { orderDecider } from "./decider.js";
import type { OrderEvent } from "./events.js";

const spec = DeciderSpecification.for(orderDecider);
const created = orderCreated();
const completed: OrderEvent = {
  type: "OrderCompleted",
  orderId: "order-1",
  totalMinor: 100 + 600,
  completedAt: T0 + 2,
};
const cancelled: OrderEvent = {
  type: "OrderCancelled",
  orderId: "order-1",
  reason: "changed mind",
  cancelledAt: T0 + 2,
};
const addItem = (n: number, at = T0 + 1): OrderCommand => ({
  type: "AddItem",
  orderId: "order-1",
  item: item(n),
  at,
});
const removeItem = (productId: string): OrderCommand => ({
  type: "RemoveItem",
  orderId: "order-1",
  productId,
  at: T0 + 1,
});
const complete: OrderCommand = { type: "CompleteOrder", orderId: "order-1", at: T0 + 5 };
const cancel: OrderCommand = { type: "CancelOrder", orderId: "order-1", reason: "", at: T0 + 5 };

describe("CreateOrder", () => {
  it("creates a pending order", () => {
    const state = spec.given([]).when(createOrder()).then([created]);
    expect(state).toMatchObject({ status: "pending", totalMinor: 700, createdAt: T0 });
  });

  it("accepts exactly 200 items", () => {
    spec
      .given([])
      .when(createOrder({ items: items(200) }))
      .then([orderCreated({ items: items(200) })]);
  });

  it("rejects 201 items as a validation error on items", () => {
    spec
      .given([])
      .when(createOrder({ items: items(201) }))
      .thenFails({ type: "ValidationFailed", violations: [{ field: "items" }] });
  });

  it("rejects an empty item list", () => {
    spec
      .given([])
      .when(createOrder({ items: [] }))
      .thenFails({ type: "ValidationFailed", violations: [{ field: "items" }] });
  });

  it("rejects a duplicate productId on the duplicate", () => {
    spec
      .given([])
      .when(createOrder({ items: [item(1), item(2), item(1, { quantity: 2 })] }))
      .thenFails({
        type: "ValidationFailed",
        violations: [
          { field: "items[2].product_id", description: expect.stringContaining("items[0]") },
        ],
      });
  });

  it("is an error on an existing order, whatever its status", () => {
    for (const history of [[created], [created, completed], [created, cancelled]]) {
      spec
        .given(history)
        .when(createOrder())
        .thenFails({ type: "OrderAlreadyExists", orderId: "order-1" });
    }
  });

  it("copies only known item fields into the event", () => {
    const rich = { ...item(1), extra: "wire noise" };
    spec
      .given([])
      .when(createOrder({ items: [rich] }))
      .then([orderCreated({ items: [item(1)] })]);
  });

  it("accepts a line total of exactly MAX_SAFE_INTEGER", () => {
    const big = item(1, { quantity: 1, unitPriceMinor: Number.MAX_SAFE_INTEGER });
    const state = spec
      .given([])
      .when(createOrder({ items: [big] }))
      .then([orderCreated({ items: [big] })]);
    expect(state).toMatchObject({ totalMinor: Number.MAX_SAFE_INTEGER });
  });

  it("rejects a line total above MAX_SAFE_INTEGER", () => {
    // 2 × 4503599627370496 = 2^53: one past the safe range.
    const big = item(1, { quantity: 2, unitPriceMinor: 2 ** 52 });
    spec
      .given([])
      .when(createOrder({ items: [big] }))
      .thenFails({
        type: "ValidationFailed",
        violations: [{ field: "items[0].unit_price_minor" }],
      });
  });

  it("rejects an order total above MAX_SAFE_INTEGER even when each line fits", () => {
    const half = Math.ceil(Number.MAX_SAFE_INTEGER / 2);
    spec
      .given([])
      .when(
        createOrder({
          items: [item(1, { unitPriceMinor: half }), item(2, { unitPriceMinor: half })],
        }),
      )
      .thenFails({ type: "ValidationFailed", violations: [{ field: "items" }] });
  });

  it("accepts an order total of exactly MAX_SAFE_INTEGER", () => {
    const half = Math.floor(Number.MAX_SAFE_INTEGER / 2);
    const lines = [item(1, { unitPriceMinor: half }), item(2, { unitPriceMinor: half + 1 })];
    const state = spec
      .given([])
      .when(createOrder({ items: lines }))
      .then([orderCreated({ items: lines })]);
    expect(state).toMatchObject({ totalMinor: Number.MAX_SAFE_INTEGER });
  });
});

describe("AddItem", () => {
  it("adds an item to a pending order", () => {
    const state = spec
      .given([created])
      .when(addItem(3))
      .then([{ type: "ItemAdded", orderId: "order-1", item: item(3), at: T0 + 1 }]);
    expect(state).toMatchObject({ totalMinor: 700 + 300 });
    if (state.status === "none") throw new Error("unreachable");
    expect(state.items.map((i) => i.productId)).toEqual(["sku-1", "sku-2", "sku-3"]);
  });

  it("is OrderNotFound on a non-existent order", () => {
    spec.given([]).when(addItem(3)).thenFails({ type: "OrderNotFound", orderId: "order-1" });
  });

  it("is ItemAlreadyInOrder for a product already present", () => {
    spec
      .given([created])
      .when(addItem(2))
      .thenFails({ type: "ItemAlreadyInOrder", productId: "sku-2" });
  });

  it("accepts the 200th item and refuses the 201st with TooManyItems", () => {
    const at199 = orderCreated({ items: items(199) });
    spec
      .given([at199])
      .when(addItem(200))
      .then([{ type: "ItemAdded", orderId: "order-1", item: item(200), at: T0 + 1 }]);
    const at200 = orderCreated({ items: items(200) });
    spec.given([at200]).when(addItem(201)).thenFails({ type: "TooManyItems", limit: 200 });
  });

  it("refuses an item that would push the order total past MAX_SAFE_INTEGER", () => {
    const nearMax = orderCreated({
      items: [item(1, { unitPriceMinor: Number.MAX_SAFE_INTEGER - 10 })],
    });
    spec
      .given([nearMax])
      .when({ type: "AddItem", orderId: "order-1", item: item(2, { unitPriceMinor: 10 }), at: T0 })
      .then([
        { type: "ItemAdded", orderId: "order-1", item: item(2, { unitPriceMinor: 10 }), at: T0 },
      ]);
    spec
      .given([nearMax])
      .when({ type: "AddItem", orderId: "order-1", item: item(2, { unitPriceMinor: 11 }), at: T0 })
      .thenFails({ type: "OrderTotalOutOfRange", productId: "sku-2" });
  });

  it("is IllegalTransition after completion or cancellation", () => {
    spec
      .given([created, completed])
      .when(addItem(3))
      .thenFails({ type: "IllegalTransition", from: "completed", command: "AddItem" });
    spec
      .given([created, cancelled])
      .when(addItem(3))
      .thenFails({ type: "IllegalTransition", from: "cancelled", command: "AddItem" });
  });

  it("reports item fields under item.*", () => {
    spec
      .given([created])
      .when({
        type: "AddItem",
        orderId: "order-1",
        item: { productId: "", productName: " ", quantity: 0, unitPriceMinor: -1 },
        at: T0,
      })
      .thenFails({
        type: "ValidationFailed",
        violations: [
          { field: "item.product_id" },
          { field: "item.product_name" },
          { field: "item.quantity" },
          { field: "item.unit_price_minor" },
        ],
      });
  });
});

describe("RemoveItem", () => {
  it("removes an item and lowers the total", () => {
    const state = spec
      .given([created])
      .when(removeItem("sku-1"))
      .then([{ type: "ItemRemoved", orderId: "order-1", productId: "sku-1", at: T0 + 1 }]);
    expect(state).toMatchObject({ totalMinor: 600, items: [item(2, { quantity: 3 })] });
  });

  it("is ItemNotInOrder for an absent product", () => {
    spec
      .given([created])
      .when(removeItem("sku-9"))
      .thenFails({ type: "ItemNotInOrder", productId: "sku-9" });
  });

  it("refuses to remove the last item", () => {
    const single = orderCreated({ items: [item(1)] });
    spec
      .given([single])
      .when(removeItem("sku-1"))
      .thenFails({ type: "LastItemCannotBeRemoved", productId: "sku-1" });
  });

  it("can remove and re-add the same product", () => {
    spec
      .given([created, { type: "ItemRemoved", orderId: "order-1", productId: "sku-1", at: T0 }])
      .when(addItem(1))
      .then([{ type: "ItemAdded", orderId: "order-1", item: item(1), at: T0 + 1 }]);
  });

  it("is OrderNotFound on a non-existent order and IllegalTransition when terminal", () => {
    spec.given([]).when(removeItem("sku-1")).thenFails({ type: "OrderNotFound" });
    spec
      .given([created, completed])
      .when(removeItem("sku-1"))
      .thenFails({ type: "IllegalTransition", from: "completed", command: "RemoveItem" });
    spec
      .given([created, cancelled])
      .when(removeItem("sku-1"))
      .thenFails({ type: "IllegalTransition", from: "cancelled", command: "RemoveItem" });
  });

  it("validates product_id", () => {
    spec
      .given([created])
      .when(removeItem("no spaces"))
      .thenFails({ type: "ValidationFailed", violations: [{ field: "product_id" }] });
  });
});

describe("CompleteOrder", () => {
  it("completes a pending order with its total", () => {
    const state = spec
      .given([created])
      .when(complete)
      .then([{ type: "OrderCompleted", orderId: "order-1", totalMinor: 700, completedAt: T0 + 5 }]);
    expect(state).toMatchObject({ status: "completed", completedAt: T0 + 5 });
  });

  it("is OrderNotFound on a non-existent order", () => {
    spec.given([]).when(complete).thenFails({ type: "OrderNotFound", orderId: "order-1" });
  });

  it("is IllegalTransition when already completed or cancelled", () => {
    spec
      .given([created, completed])
      .when(complete)
      .thenFails({ type: "IllegalTransition", from: "completed", command: "CompleteOrder" });
    spec
      .given([created, cancelled])
      .when(complete)
      .thenFails({ type: "IllegalTransition", from: "cancelled", command: "CompleteOrder" });
  });
});

describe("CancelOrder", () => {
  it("cancels a pending order, with an empty reason allowed", () => {
    const state = spec
      .given([created])
      .when(cancel)
      .then([{ type: "OrderCancelled", orderId: "order-1", reason: "", cancelledAt: T0 + 5 }]);
    expect(state).toMatchObject({ status: "cancelled", cancelReason: "", cancelledAt: T0 + 5 });
  });

  it("accepts a 500-character reason and rejects 501", () => {
    spec
      .given([created])
      .when({ ...cancel, reason: "r".repeat(500) })
      .then([
        {
          type: "OrderCancelled",
          orderId: "order-1",
          reason: "r".repeat(500),
          cancelledAt: T0 + 5,
        },
      ]);
    spec
      .given([created])
      .when({ ...cancel, reason: "r".repeat(501) })
      .thenFails({ type: "ValidationFailed", violations: [{ field: "reason" }] });
  });

  it("is OrderNotFound on a non-existent order", () => {
    spec.given([]).when(cancel).thenFails({ type: "OrderNotFound" });
  });

  it("is IllegalTransition when already completed or cancelled", () => {
    spec
      .given([created, completed])
      .when(cancel)
      .thenFails({ type: "IllegalTransition", from: "completed", command: "CancelOrder" });
    spec
      .given([created, cancelled])
      .when(cancel)
      .thenFails({ type: "IllegalTransition", from: "cancelled", command: "CancelOrder" });
  });
});

describe("cross-cutting", () => {
  it("refuses a command routed to another order's state", () => {
    spec
      .given([created])
      .when({ ...complete, orderId: "order-2" })
      .thenFails({ type: "OrderIdMismatch", expected: "order-1", actual: "order-2" });
  });

  it("validates fields before looking at state", () => {
    spec
      .given([created, completed])
      .when({ ...cancel, reason: "bad\u0000" })
      .thenFails({ type: "ValidationFailed", violations: [{ field: "reason" }] });
  });

  it("rejects an `at` that is not integer epoch milliseconds", () => {
    for (const at of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY]) {
      spec
        .given([created])
        .when({ ...complete, at })
        .thenFails({
          type: "ValidationFailed",
          violations: [{ field: "at" }],
        });
    }
  });

  it("emits plain JSON data", () => {
    const state = spec
      .given([created])
      .when(addItem(3))
      .then([{ type: "ItemAdded", orderId: "order-1", item: item(3), at: T0 + 1 }]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
