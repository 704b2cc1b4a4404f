// The same monthly report from both systems, and the check the bench runs before it times
// anything: every row equal, month by month, or the run fails.
import { type ReportQueryService, SalesGroupBy, SalesRankBy } from "@orderlens/contracts";
import type { GrpcJsClient } from "@orderlens/server";
import type { ReportGrouping, ReportRow } from "./baseline-store.js";

const rowId = (r: ReportRow) => `${r.month}|${r.key}|${r.currency}`;

export function sortRows(rows: ReportRow[]): ReportRow[] {
  return [...rows].sort((a, b) => (rowId(a) < rowId(b) ? -1 : rowId(a) > rowId(b) ? 1 : 0));
}

/** One month's report from query-svc as baseline rows: every row, or the top N per currency. */
export async function orderlensMonthReport(
  queries: GrpcJsClient<typeof ReportQueryService>,
  grouping: ReportGrouping,
  month: string,
  topN = 0,
): Promise<ReportRow[]> {
  const report = await queries.getSalesReport({
    range: { case: "months", value: { from: month, to: month } },
    groupBy: grouping === "product" ? SalesGroupBy.PRODUCT : SalesGroupBy.REGION,
    topN,
    rankBy: SalesRankBy.REVENUE,
  });
  return sortRows(
    report.rows.map((r) => ({
      month,
      key: r.key,
      currency: r.currency,
      quantity: Number(r.quantity),
      revenueMinor: r.revenueMinor,
      orders: Number(r.orderCount),
    })),
  );
}

/** Where two reports differ, one line each (empty: they agree). */
export function reportDifferences(expected: ReportRow[], actual: ReportRow[]): string[] {
  const show = (r: ReportRow | undefined) =>
    r ? `quantity ${r.quantity}, revenue ${r.revenueMinor}, orders ${r.orders}` : "no row";
  const mine = new Map(actual.map((r) => [rowId(r), r]));
  const out: string[] = [];
  for (const e of expected) {
    const a = mine.get(rowId(e));
    mine.delete(rowId(e));
    if (
      !a ||
      a.quantity !== e.quantity ||
      a.revenueMinor !== e.revenueMinor ||
      a.orders !== e.orders
    )
      out.push(`${rowId(e)}: GROUP BY says ${show(e)}; orderlens says ${show(a)}`);
  }
  for (const [id, a] of mine) out.push(`${id}: GROUP BY says no row; orderlens says ${show(a)}`);
  return out;
}
