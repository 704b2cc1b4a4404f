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

/**
 * Revenue sums are BIGINT in MySQL and Meilisearch numbers are 64-bit floats, exact only up to
 * 2^53. A month's revenue in a currency with small minor units can get there, so beyond it the
 * document carries the exact digits beside the rounded number (which still sorts).
 */
function revenue(value: number | string): { revenueMinor: number; revenueMinorExact?: string } {
  const digits = BigInt(value).toString();
  const n = Number(digits);
  return Number.isSafeInteger(n)
    ? { revenueMinor: n }
    : { revenueMinor: n, revenueMinorExact: digits };
}

/** Counts cannot near 2^53 (a line adds at most 10,000 units); refuse rather than round if one does. */
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
    ...revenue(row.revenue_minor),
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
    ...revenue(row.revenue_minor),
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
    ...revenue(row.revenue_minor),
    completedOrders: exact(row.completed_orders, "completed orders"),
    cancelledOrders: exact(row.cancelled_orders, "cancelled orders"),
  };
}
