import { SalesRankBy } from "@orderlens/contracts";
import type { ReportPlan, SalesDocument } from "./report-plan.js";

export interface ReportRow {
  key: string;
  label: string;
  currency: string;
  revenueMinor: bigint;
  quantity: bigint;
  orderCount: bigint;
}

export type CurrencyTotal = Omit<ReportRow, "key" | "label">;

/** Sums as bigints: exact however large, where float sums stop being exact past 2^53. */
function add(into: CurrencyTotal, doc: SalesDocument): void {
  into.revenueMinor += BigInt(doc.revenueMinorExact ?? doc.revenueMinor);
  into.quantity += BigInt(doc.quantity);
  into.orderCount += BigInt(doc.completedOrders);
}

const zero = (currency: string): CurrencyTotal => ({
  currency,
  revenueMinor: 0n,
  quantity: 0n,
  orderCount: 0n,
});

/** One row per currency and key, and the totals per currency over every document. */
export function sumRows(
  docs: readonly SalesDocument[],
  keyOf: (doc: SalesDocument) => string,
): { rows: ReportRow[]; totals: CurrencyTotal[] } {
  const rows = new Map<string, ReportRow>();
  const totals = new Map<string, CurrencyTotal>();
  for (const d of docs) {
    const key = keyOf(d);
    const id = `${d.currency}\u0000${key}`;
    const row = rows.get(id) ?? { key, label: d.productName ?? key, ...zero(d.currency) };
    add(row, d);
    rows.set(id, row);
    const total = totals.get(d.currency) ?? zero(d.currency);
    add(total, d);
    totals.set(d.currency, total);
  }
  return {
    rows: [...rows.values()],
    totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

/** Replaces each currency's order count with the exact one from the month x region rows. */
export function withOrderTotals(
  totals: CurrencyTotal[],
  regionDocs: readonly SalesDocument[],
): CurrencyTotal[] {
  const counts = new Map<string, bigint>();
  for (const d of regionDocs) {
    counts.set(d.currency, (counts.get(d.currency) ?? 0n) + BigInt(d.completedOrders));
  }
  return totals.map((t) => ({ ...t, orderCount: counts.get(t.currency) ?? 0n }));
}

const compareBig = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** Per currency (in code order): in time order, or ranked and cut to the top N. */
export function orderRows(rows: readonly ReportRow[], plan: ReportPlan): ReportRow[] {
  const measure = plan.rankBy === SalesRankBy.QUANTITY ? "quantity" : "revenueMinor";
  const order = (a: ReportRow, b: ReportRow) =>
    plan.chronological
      ? a.key.localeCompare(b.key)
      : compareBig(b[measure], a[measure]) || a.key.localeCompare(b.key);
  const byCurrency = new Map<string, ReportRow[]>();
  for (const r of rows) {
    if (r.orderCount === 0n && r.revenueMinor === 0n) continue;
    byCurrency.set(r.currency, [...(byCurrency.get(r.currency) ?? []), r]);
  }
  return [...byCurrency.keys()].sort().flatMap((currency) => {
    const list = (byCurrency.get(currency) ?? []).sort(order);
    return plan.topN > 0 ? list.slice(0, plan.topN) : list;
  });
}
