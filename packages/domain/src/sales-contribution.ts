import { lineTotal } from "./order-totals.js";
import { reportKeys } from "./report-keys.js";
import type { OrderState } from "./state.js";

/**
 * Sales reports count completed orders only, in the bucket of their completion time (in the
 * reporting time zone), never their creation time. Pending orders have not sold anything yet
 * and cancelled orders never will, so both contribute nothing. Amounts are per currency: rows
 * in different currencies must never be summed together.
 */

export interface MonthProductSales {
  readonly month: string;
  readonly productId: string;
  /** The name on this order; a report may keep the latest one it has seen. */
  readonly productName: string;
  readonly currency: string;
  readonly quantity: number;
  readonly revenueMinor: number;
}

export interface MonthRegionSales {
  readonly month: string;
  readonly region: string;
  readonly currency: string;
  readonly revenueMinor: number;
  readonly orders: number;
}

export interface DaySales {
  readonly day: string;
  readonly currency: string;
  readonly revenueMinor: number;
  readonly orders: number;
}

export interface SalesContribution {
  readonly byMonthProduct: readonly MonthProductSales[];
  readonly byMonthRegion: readonly MonthRegionSales[];
  readonly byDay: readonly DaySales[];
}

const NOTHING: SalesContribution = Object.freeze({
  byMonthProduct: Object.freeze([]),
  byMonthRegion: Object.freeze([]),
  byDay: Object.freeze([]),
});

/**
 * Rows one order adds to the sales reports. Throws RangeError for an invalid time zone, or if
 * the order's amounts overflow (impossible for a state built by decide/evolve).
 */
export function salesContribution(state: OrderState, timeZone = "UTC"): SalesContribution {
  if (state.status !== "completed") {
    // Validate the zone anyway so a misconfiguration fails on the first event, not the first sale.
    reportKeys(0, timeZone);
    return NOTHING;
  }
  const { month, day } = reportKeys(state.completedAt, timeZone);
  const { currency, region, totalMinor } = state;
  return {
    byMonthProduct: state.items.map((item) => ({
      month,
      productId: item.productId,
      productName: item.productName,
      currency,
      quantity: item.quantity,
      revenueMinor: lineTotal(item),
    })),
    byMonthRegion: [{ month, region, currency, revenueMinor: totalMinor, orders: 1 }],
    byDay: [{ day, currency, revenueMinor: totalMinor, orders: 1 }],
  };
}
