import { describe, expect, it } from "vitest";
import { cancelled, complete, completed, created, spec } from "../test/decide-fixtures.js";
import { T0 } from "../test/fixtures.js";

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
