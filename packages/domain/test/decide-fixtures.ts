// The histories and commands the decide specs share: one order ("order-1") as created by
// createOrder(), completed or cancelled, and the commands that follow.
import type { CancelOrder, CompleteOrder, OrderCommand } from "../src/commands.js";
import { orderDecider } from "../src/decider.js";
import type { OrderEvent } from "../src/events.js";
import { DeciderSpecification } from "./decider-spec.js";
import { item, orderCreated, T0 } from "./fixtures.js";

export const spec = DeciderSpecification.for(orderDecider);
export const created = orderCreated();
export const completed: OrderEvent = {
  type: "OrderCompleted",
  orderId: "order-1",
  totalMinor: 100 + 600,
  completedAt: T0 + 2,
};
export const cancelled: OrderEvent = {
  type: "OrderCancelled",
  orderId: "order-1",
  reason: "changed mind",
  cancelledAt: T0 + 2,
};
export const addItem = (n: number, at = T0 + 1): OrderCommand => ({
  type: "AddItem",
  orderId: "order-1",
  item: item(n),
  at,
});
export const removeItem = (productId: string): OrderCommand => ({
  type: "RemoveItem",
  orderId: "order-1",
  productId,
  at: T0 + 1,
});
export const complete: CompleteOrder = { type: "CompleteOrder", orderId: "order-1", at: T0 + 5 };
export const cancel: CancelOrder = {
  type: "CancelOrder",
  orderId: "order-1",
  reason: "",
  at: T0 + 5,
};
