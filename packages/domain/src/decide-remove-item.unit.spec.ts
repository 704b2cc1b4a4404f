import { describe, expect, it } from "vitest";
import {
  addItem,
  cancelled,
  completed,
  created,
  removeItem,
  spec,
} from "../test/decide-fixtures.js";
import { item, orderCreated, T0 } from "../test/fixtures.js";

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
