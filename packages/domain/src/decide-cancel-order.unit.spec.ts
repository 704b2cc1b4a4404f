import { describe, expect, it } from "vitest";
import { cancel, cancelled, completed, created, spec } from "../test/decide-fixtures.js";
import { T0 } from "../test/fixtures.js";

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
