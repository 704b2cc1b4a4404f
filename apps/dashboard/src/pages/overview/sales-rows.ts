import type { GetSalesReportResponse, SalesRow } from "@orderlens/contracts";
import type { Column } from "../../charts/data-table";
import { formatCount, formatMoney } from "../../format/money";

/** Every currency in a report, in a stable order: amounts are never summed across them. */
export function currenciesOf(report: GetSalesReportResponse): string[] {
  const all = new Set([
    ...report.totals.map((t) => t.currency),
    ...report.rows.map((r) => r.currency),
  ]);
  return [...all].sort();
}

export function rowsIn(report: GetSalesReportResponse, currency: string): SalesRow[] {
  return report.rows.filter((r) => r.currency === currency);
}

/** One row per month of the range, months without sales as zero rows. */
export function monthRows(rows: readonly SalesRow[], months: readonly string[], currency: string) {
  const byMonth = new Map(rows.map((r) => [r.key, r]));
  return months.map(
    (month) =>
      byMonth.get(month) ?? {
        key: month,
        label: month,
        currency,
        revenueMinor: 0n,
        quantity: 0n,
        orderCount: 0n,
      },
  );
}

export type SalesRowLike = Pick<
  SalesRow,
  "key" | "label" | "currency" | "revenueMinor" | "quantity" | "orderCount"
>;

/** Revenue in one currency, exactly. */
export function revenueColumn(currency: string): Column<SalesRowLike> {
  return { header: "Revenue", numeric: true, cell: (r) => formatMoney(r.revenueMinor, currency) };
}

/** What every sales table shows after the revenue. */
export const countColumns: Column<SalesRowLike>[] = [
  { header: "Orders", numeric: true, cell: (r) => formatCount(r.orderCount) },
  { header: "Units", numeric: true, cell: (r) => formatCount(r.quantity) },
];
