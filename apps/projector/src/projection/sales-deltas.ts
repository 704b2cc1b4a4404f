import {
  assertNever,
  type OrderEvent,
  type OrderState,
  reportKeys,
  salesContribution,
} from "@orderlens/domain";

/**
 * What one applied event adds to the report aggregates. Sales (quantity, revenue, completed
 * orders) come from completed orders in the bucket of their completion time; cancellations are
 * counted in the bucket of their cancellation time. Amounts never mix currencies.
 */
export type SalesDelta =
  | {
      readonly kind: "month_product";
      readonly month: string;
      readonly productId: string;
      readonly productName: string;
      readonly currency: string;
      readonly quantity: number;
      readonly revenueMinor: number;
      readonly completedOrders: number;
    }
  | {
      readonly kind: "month_region";
      readonly month: string;
      readonly region: string;
      readonly currency: string;
      readonly quantity: number;
      readonly revenueMinor: number;
      readonly completedOrders: number;
      readonly cancelledOrders: number;
    }
  | {
      readonly kind: "day";
      readonly day: string;
      readonly month: string;
      readonly currency: string;
      readonly quantity: number;
      readonly revenueMinor: number;
      readonly completedOrders: number;
      readonly cancelledOrders: number;
    };

/** `after` is the order's state once `event` is applied. */
export function salesDeltas(event: OrderEvent, after: OrderState, timeZone: string): SalesDelta[] {
  switch (event.type) {
    case "OrderCreated":
    case "ItemAdded":
    case "ItemRemoved":
      return [];
    case "OrderCompleted": {
      const sales = salesContribution(after, timeZone);
      if (after.status !== "completed") return [];
      const units = after.items.reduce((sum, item) => sum + item.quantity, 0);
      return [
        ...sales.byMonthProduct.map(
          (s): SalesDelta => ({ kind: "month_product", ...s, completedOrders: 1 }),
        ),
        ...sales.byMonthRegion.map(
          (s): SalesDelta => ({
            kind: "month_region",
            month: s.month,
            region: s.region,
            currency: s.currency,
            quantity: units,
            revenueMinor: s.revenueMinor,
            completedOrders: s.orders,
            cancelledOrders: 0,
          }),
        ),
        ...sales.byDay.map(
          (s): SalesDelta => ({
            kind: "day",
            day: s.day,
            month: s.day.slice(0, 7),
            currency: s.currency,
            quantity: units,
            revenueMinor: s.revenueMinor,
            completedOrders: s.orders,
            cancelledOrders: 0,
          }),
        ),
      ];
    }
    case "OrderCancelled": {
      if (after.status !== "cancelled") return [];
      const { month, day } = reportKeys(after.cancelledAt, timeZone);
      const base = {
        currency: after.currency,
        quantity: 0,
        revenueMinor: 0,
        completedOrders: 0,
        cancelledOrders: 1,
      };
      return [
        { kind: "month_region", month, region: after.region, ...base },
        { kind: "day", day, month, ...base },
      ];
    }
    default:
      return assertNever(event, "order event");
  }
}

/** Identity of the aggregate row a delta lands in. */
export function deltaKey(d: SalesDelta): string {
  switch (d.kind) {
    case "month_product":
      return `mp|${d.month}|${d.productId}|${d.currency}`;
    case "month_region":
      return `mr|${d.month}|${d.region}|${d.currency}`;
    case "day":
      return `d|${d.day}|${d.currency}`;
    default:
      return assertNever(d, "sales delta");
  }
}

/** Sums deltas per aggregate row, so a batch writes each row once. */
export function mergeDeltas(deltas: Iterable<SalesDelta>): SalesDelta[] {
  const merged = new Map<string, SalesDelta>();
  for (const d of deltas) {
    const key = deltaKey(d);
    const prev = merged.get(key);
    if (!prev) {
      merged.set(key, d);
      continue;
    }
    const sum = {
      quantity: prev.quantity + d.quantity,
      revenueMinor: prev.revenueMinor + d.revenueMinor,
      completedOrders: prev.completedOrders + d.completedOrders,
    };
    if (prev.kind === "month_product" && d.kind === "month_product") {
      merged.set(key, { ...prev, ...sum, productName: d.productName });
    } else if (prev.kind !== "month_product" && d.kind !== "month_product") {
      merged.set(key, {
        ...prev,
        ...sum,
        cancelledOrders: prev.cancelledOrders + d.cancelledOrders,
      });
    }
  }
  return [...merged.values()];
}
