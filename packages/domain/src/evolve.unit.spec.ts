import { describe, expect, it } from "vitest";
import { item, orderCreated, T0 } from "../test/fixtures.js";
import { foldEvents, orderDecider } from "./decider.js";
import type { OrderEvent } from "./events.js";
import { evolve, OrderHistoryError } from "./evolve.js";
import { initialState } from "./state.js";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const created = orderCreated();
const added: OrderEvent = { type: "ItemAdded", orderId: "order-1", item: item(3), at: T0 };
const completed: OrderEvent = {
  type: "OrderCompleted",
  orderId: "order-1",
  totalMinor: 700,
  completedAt: T0,
};

describe("evolve", () => {
  it("starts from an order that does not exist", () => {
    expect(initialState()).toEqual({ status: "none" });
    expect(orderDecider.initialState()).toBe(initialState());
  });

  it("never mutates the state or event it is given", () => {
    const state = deepFreeze(foldEvents([created]));
    const next = evolve(state, deepFreeze(added));
    expect(next).not.toBe(state);
    expect(state.status === "pending" && state.items.length).toBe(2);
    expect(next.status === "pending" && next.items.length).toBe(3);
  });

  it("does not alias event items into state", () => {
    const state = foldEvents([created]);
    expect(state.status === "pending" && state.items[0]).not.toBe(created.items[0]);
  });

  it("throws OrderHistoryError on impossible histories", () => {
    expect(() => foldEvents([created, created])).toThrow(OrderHistoryError);
    expect(() => foldEvents([added])).toThrow(OrderHistoryError);
    expect(() => foldEvents([created, completed, added])).toThrow(OrderHistoryError);
    expect(() => foldEvents([created, { ...completed, totalMinor: 1 }])).toThrow(OrderHistoryError);
    expect(() => foldEvents([created, { ...added, orderId: "order-2" }])).toThrow(
      OrderHistoryError,
    );
  });
});
