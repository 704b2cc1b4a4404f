import type { LineItem } from "./commands.js";

/**
 * Facts recorded in an order's stream. Plain JSON data only (strings, integers, arrays, objects)
 * so they survive the event store payload column and the bus unchanged.
 */

export interface OrderCreated {
  readonly type: "OrderCreated";
  readonly orderId: string;
  readonly customerId: string;
  readonly region: string;
  readonly currency: string;
  readonly items: readonly LineItem[];
  readonly createdAt: number;
}

export interface ItemAdded {
  readonly type: "ItemAdded";
  readonly orderId: string;
  readonly item: LineItem;
  readonly at: number;
}

export interface ItemRemoved {
  readonly type: "ItemRemoved";
  readonly orderId: string;
  readonly productId: string;
  readonly at: number;
}

export interface OrderCompleted {
  readonly type: "OrderCompleted";
  readonly orderId: string;
  readonly totalMinor: number;
  readonly completedAt: number;
}

export interface OrderCancelled {
  readonly type: "OrderCancelled";
  readonly orderId: string;
  readonly reason: string;
  readonly cancelledAt: number;
}

export type OrderEvent = OrderCreated | ItemAdded | ItemRemoved | OrderCompleted | OrderCancelled;
export type OrderEventType = OrderEvent["type"];
