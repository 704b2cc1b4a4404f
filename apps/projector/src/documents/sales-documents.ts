import {
  compositeId,
  type DailyDocument,
  type ProductMonthDocument,
  type RegionMonthDocument,
} from "@orderlens/meili-indexes";
import type { Selectable } from "kysely";
import type {
  SalesDailyTable,
  SalesMonthProductTable,
  SalesMonthRegionTable,
} from "../mysql-schema/read-tables.js";

/** Sums are bigint in MySQL; beyond 2^53 a JSON number would silently round, so refuse instead. */
function exact(value: number | string, what: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`${what} ${value} is beyond the exact range of a JSON number`);
  return n;
}

export function productMonthDocument(
  row: Selectable<SalesMonthProductTable>,
): ProductMonthDocument {
  return {
    id: compositeId(row.month, row.product_id, row.currency),
    month: row.month,
    productId: row.product_id,
    productName: row.product_name,
    currency: row.currency,
    quantity: exact(row.quantity, "quantity"),
    revenueMinor: exact(row.revenue_minor, "revenue"),
    completedOrders: exact(row.completed_orders, "completed orders"),
  };
}

export function regionMonthDocument(row: Selectable<SalesMonthRegionTable>): RegionMonthDocument {
  return {
    id: compositeId(row.month, row.region, row.currency),
    month: row.month,
    region: row.region,
    currency: row.currency,
    quantity: exact(row.quantity, "quantity"),
    revenueMinor: exact(row.revenue_minor, "revenue"),
    completedOrders: exact(row.completed_orders, "completed orders"),
    cancelledOrders: exact(row.cancelled_orders, "cancelled orders"),
  };
}

export function dailyDocument(row: Selectable<SalesDailyTable>): DailyDocument {
  return {
    id: compositeId(row.day, row.currency),
    day: row.day,
    month: row.month,
    currency: row.currency,
    quantity: exact(row.quantity, "quantity"),
    revenueMinor: exact(row.revenue_minor, "revenue"),
    completedOrders: exact(row.completed_orders, "completed orders"),
    cancelledOrders: exact(row.cancelled_orders, "cancelled orders"),
  };
}
