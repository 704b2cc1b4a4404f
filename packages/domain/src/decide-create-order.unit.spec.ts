import { describe, expect, it } from "vitest";
import { cancelled, completed, created, spec } from "../test/decide-fixtures.js";
import { createOrder, item, items, orderCreated, T0 } from "../test/fixtures.js";

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
