import type { CreateOrder, LineItem } from "../src/commands.js";
import type { OrderCreated } from "../src/events.js";

/** 2026-03-10T12:00:00Z: a fixed instant so tests never depend on the clock. */
export const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);

export function item(n: number, overrides: Partial<LineItem> = {}): LineItem {
  return {
    productId: `sku-${n}`,
    productName: `Product ${n}`,
    quantity: 1,
    unitPriceMinor: 100 * n,
    ...overrides,
  };
}

export function items(count: number, from = 1): LineItem[] {
  return Array.from({ length: count }, (_, i) => item(from + i));
}

export function createOrder(overrides: Partial<CreateOrder> = {}): CreateOrder {
  return {
    type: "CreateOrder",
    orderId: "order-1",
    customerId: "cust-1",
    region: "EU-West",
    currency: "EUR",
    items: [item(1), item(2, { quantity: 3 })],
    at: T0,
    ...overrides,
  };
}

/** The event `createOrder(overrides)` produces. */
export function orderCreated(overrides: Partial<CreateOrder> = {}): OrderCreated {
  const command = createOrder(overrides);
  return {
    type: "OrderCreated",
    orderId: command.orderId,
    customerId: command.customerId,
    region: command.region,
    currency: command.currency,
    items: command.items,
    createdAt: command.at,
  };
}
