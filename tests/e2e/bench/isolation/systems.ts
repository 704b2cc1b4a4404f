// The two systems under test, behind the same three operations: a checkout write, the month
// report, and the analyst's twelve-month report.
import type { Pool } from "mysql2/promise";
import type { System } from "../../src/system-harness.js";
import {
  completeOrder,
  monthlyReport,
  placeOrder,
  type ReportGrouping,
  type ReportRow,
  topProductsReport,
} from "./baseline-store.js";
import type { IsolationOrder } from "./isolation-orders.js";
import { monthsBetween } from "./isolation-orders.js";
import { orderlensMonthReport } from "./report-agreement.js";

export interface SystemUnderTest {
  readonly name: "orderlens" | "baseline";
  place(order: IsolationOrder): Promise<unknown>;
  complete(orderId: string): Promise<unknown>;
  /** Every row of one month's report. */
  monthReport(grouping: ReportGrouping, month: string): Promise<ReportRow[]>;
  /** One month's top `n` products per currency by revenue. */
  topProducts(month: string, n: number): Promise<ReportRow[]>;
  /** Every product of every month from `from` to `to`. */
  analystReport(from: string, to: string): Promise<ReportRow[]>;
}

export function orderlensSystem(system: System): SystemUnderTest {
  return {
    name: "orderlens",
    place: (o) =>
      system.commands.createOrder({
        orderId: o.orderId,
        customerId: o.customerId,
        region: o.region,
        currency: o.currency,
        items: o.lines.map((l) => ({ ...l, unitPriceMinor: BigInt(l.unitPriceMinor) })),
      }),
    complete: (orderId) => system.commands.completeOrder({ orderId }),
    monthReport: (grouping, month) => orderlensMonthReport(system.queries, grouping, month),
    topProducts: (month, n) => orderlensMonthReport(system.queries, "product", month, n),
    analystReport: async (from, to) =>
      (
        await Promise.all(
          monthsBetween(from, to).map((m) => orderlensMonthReport(system.queries, "product", m)),
        )
      ).flat(),
  };
}

/** The baseline: checkout writes on one pool, reports on another, both on the same MariaDB. */
export function baselineSystem(writes: Pool, reports: Pool): SystemUnderTest {
  return {
    name: "baseline",
    place: (o) => placeOrder(writes, { ...o, createdAt: Date.now() }),
    complete: (orderId) => completeOrder(writes, orderId, Date.now()),
    monthReport: (grouping, month) => monthlyReport(reports, grouping, month, month),
    topProducts: (month, n) => topProductsReport(reports, month, n),
    analystReport: (from, to) => monthlyReport(reports, "product", from, to),
  };
}
