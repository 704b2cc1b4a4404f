import type { LineItem } from "./commands.js";

export type OrderStatus = "none" | "pending" | "completed" | "cancelled";

/** Fields every existing order has. `items` keeps insertion order; productId is unique in it. */
export interface OrderDetails {
  readonly orderId: string;
  readonly customerId: string;
  readonly region: string;
  readonly currency: string;
  readonly items: readonly LineItem[];
  readonly totalMinor: number;
  readonly createdAt: number;
}

export interface NoOrder {
  readonly status: "none";
}

export interface PendingOrder extends OrderDetails {
  readonly status: "pending";
}

export interface CompletedOrder extends OrderDetails {
  readonly status: "completed";
  readonly completedAt: number;
}

export interface CancelledOrder extends OrderDetails {
  readonly status: "cancelled";
  readonly cancelledAt: number;
  readonly cancelReason: string;
}

/**
 * A union on status rather than one record with optional fields, so that code holding a
 * CompletedOrder can rely on completedAt without checks.
 */
export type OrderState = NoOrder | PendingOrder | CompletedOrder | CancelledOrder;
export type ExistingOrder = Exclude<OrderState, NoOrder>;

const NO_ORDER: NoOrder = Object.freeze({ status: "none" });

export function initialState(): OrderState {
  return NO_ORDER;
}

export function isTerminal(status: OrderStatus): boolean {
  return status === "completed" || status === "cancelled";
}
