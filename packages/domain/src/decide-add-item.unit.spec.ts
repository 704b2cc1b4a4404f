import { describe, expect, it } from "vitest";
import { addItem, cancelled, completed, created, spec } from "../test/decide-fixtures.js";
import { item, items, orderCreated, T0 } from "../test/fixtures.js";

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
