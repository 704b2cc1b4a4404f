import { describe, expect, it } from "vitest";
import { addItem, cancel, complete, completed, created, spec } from "../test/decide-fixtures.js";
import { item, T0 } from "../test/fixtures.js";

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
