import { create } from "@bufbuild/protobuf";
import {
  type GetSalesReportRequest,
  type GetSalesReportResponse,
  GetSalesReportResponseSchema,
  SalesGroupBy,
  SalesRankBy,
} from "@orderlens/contracts";
import { type FieldViolation, invalidArgument } from "@orderlens/server";
import type { Meilisearch } from "meilisearch";
import { quoteFilterValue } from "../filters/filter-value.js";
import { fromMeiliError } from "../meili-errors.js";
import { dayRange, monthRange } from "./calendar.js";

export interface ReportIndexes {
  salesByProductMonth: string;
  salesByRegionMonth: string;
  salesDaily: string;
}

interface SalesDocument {
  month: string;
  day?: string;
  productId?: string;
  productName?: string;
  region?: string;
  currency: string;
  quantity: number;
  revenueMinor: number;
  completedOrders: number;
}

const maxMonths = 240;
const maxDays = 400;
const basis =
  "completed orders, by completion date; amounts per currency, never summed across currencies";

function inList(attribute: string, values: readonly string[]): string {
  return `${attribute} IN [${values.map(quoteFilterValue).join(", ")}]`;
}

async function allDocuments(
  meili: Meilisearch,
  index: string,
  filter: string[],
): Promise<SalesDocument[]> {
  const docs: SalesDocument[] = [];
  for (let offset = 0; ; offset += 1_000) {
    const page = await meili
      .index(index)
      .getDocuments<SalesDocument>({ filter, limit: 1_000, offset });
    docs.push(...page.results);
    if (page.results.length < 1_000) return docs;
  }
}

/**
 * Reports from the pre-aggregated indexes: sales per month x product, per month x region and per
 * day. Only combinations those indexes can answer exactly are accepted (a product report needs
 * whole months); anything else is INVALID_ARGUMENT naming the field, never an approximation.
 */
export async function getSalesReport(
  req: GetSalesReportRequest,
  meili: Meilisearch,
  indexes: ReportIndexes,
  timeZone: string,
): Promise<GetSalesReportResponse> {
  const violations: FieldViolation[] = [];
  let months: string[] | undefined;
  let days: string[] | undefined;
  if (req.range.case === "months") {
    const r = monthRange(req.range.value.from, req.range.value.to, maxMonths);
    if (r.ok) months = r.values;
    else violations.push(...r.violations.map((v) => ({ ...v, field: `months.${v.field}` })));
  } else if (req.range.case === "days") {
    const r = dayRange(req.range.value.from, req.range.value.to, maxDays);
    if (r.ok) days = r.values;
    else violations.push(...r.violations.map((v) => ({ ...v, field: `days.${v.field}` })));
  }
  // The contract checked the range's presence and formats, the enums, top_n, the currency and
  // the lists; what is left spans fields.
  const group = req.groupBy;
  if (
    (group === SalesGroupBy.PRODUCT || group === SalesGroupBy.REGION) &&
    req.range.case === "days"
  ) {
    violations.push({
      field: "days",
      description: "product and region reports are kept per month: give a month range",
    });
  }
  if (
    req.regions.length > 0 &&
    group !== SalesGroupBy.REGION &&
    !(group === SalesGroupBy.MONTH && months)
  ) {
    violations.push({
      field: "regions",
      description: "regions filter region reports and month reports over a month range",
    });
  }
  if (req.productIds.length > 0 && group !== SalesGroupBy.PRODUCT) {
    violations.push({
      field: "product_ids",
      description: "product ids filter product reports only",
    });
  }
  if (violations.length > 0) throw invalidArgument(violations, "invalid sales report request");

  const filter: string[] = [months ? inList("month", months) : inList("day", days ?? [])];
  if (req.currency) filter.push(inList("currency", [req.currency]));
  if (req.regions.length > 0) filter.push(inList("region", req.regions));
  if (req.productIds.length > 0) filter.push(inList("productId", req.productIds));

  let index: string;
  let keyOf: (d: SalesDocument) => string;
  switch (group) {
    case SalesGroupBy.PRODUCT:
      index = indexes.salesByProductMonth;
      keyOf = (d) => d.productId ?? "";
      break;
    case SalesGroupBy.REGION:
      index = indexes.salesByRegionMonth;
      keyOf = (d) => d.region ?? "";
      break;
    case SalesGroupBy.DAY:
      index = indexes.salesDaily;
      keyOf = (d) => d.day ?? "";
      break;
    default:
      // MONTH: whole months from the region index (regions add up to the month), else days.
      index = months ? indexes.salesByRegionMonth : indexes.salesDaily;
      keyOf = (d) => d.month;
  }
  // Product rows count each order once per product it contains; the month x region rows count
  // each order once, so they give the exact order totals of an unfiltered product report. The
  // two reads are independent: issue them together.
  const needsOrderTotals = group === SalesGroupBy.PRODUCT && req.productIds.length === 0;
  let docs: SalesDocument[];
  let regionDocs: SalesDocument[] | undefined;
  try {
    [docs, regionDocs] = await Promise.all([
      allDocuments(meili, index, filter),
      needsOrderTotals ? allDocuments(meili, indexes.salesByRegionMonth, filter) : undefined,
    ]);
  } catch (error) {
    throw fromMeiliError(error, "GetSalesReport");
  }

  type Row = {
    key: string;
    label: string;
    currency: string;
    revenue: number;
    quantity: number;
    orders: number;
  };
  const rows = new Map<string, Row>();
  const totals = new Map<string, Omit<Row, "key" | "label">>();
  for (const d of docs) {
    const key = keyOf(d);
    const id = `${d.currency}\u0000${key}`;
    const row = rows.get(id) ?? {
      key,
      label: d.productName ?? key,
      currency: d.currency,
      revenue: 0,
      quantity: 0,
      orders: 0,
    };
    row.revenue += d.revenueMinor;
    row.quantity += d.quantity;
    row.orders += d.completedOrders;
    rows.set(id, row);
    const t = totals.get(d.currency) ?? {
      currency: d.currency,
      revenue: 0,
      quantity: 0,
      orders: 0,
    };
    t.revenue += d.revenueMinor;
    t.quantity += d.quantity;
    t.orders += d.completedOrders;
    totals.set(d.currency, t);
  }
  if (regionDocs) {
    for (const t of totals.values()) t.orders = 0;
    for (const d of regionDocs) {
      const t = totals.get(d.currency);
      if (t) t.orders += d.completedOrders;
    }
  }
  const rank = req.rankBy === SalesRankBy.QUANTITY ? (r: Row) => r.quantity : (r: Row) => r.revenue;
  const ranked = [...rows.values()].filter((r) => r.orders > 0 || r.revenue > 0);
  const byCurrency = new Map<string, Row[]>();
  for (const r of ranked) byCurrency.set(r.currency, [...(byCurrency.get(r.currency) ?? []), r]);
  // Time series read in time order; rankings (and any top N) by the chosen measure.
  const chronological =
    (group === SalesGroupBy.DAY || group === SalesGroupBy.MONTH) && req.topN === 0;
  const order = (a: Row, b: Row) =>
    chronological ? a.key.localeCompare(b.key) : rank(b) - rank(a) || a.key.localeCompare(b.key);
  const ordered = [...byCurrency.keys()].sort().flatMap((currency) => {
    const list = (byCurrency.get(currency) ?? []).sort(order);
    return req.topN > 0 ? list.slice(0, req.topN) : list;
  });
  return create(GetSalesReportResponseSchema, {
    rows: ordered.map((r) => ({
      key: r.key,
      label: r.label,
      currency: r.currency,
      revenueMinor: BigInt(r.revenue),
      quantity: BigInt(r.quantity),
      orderCount: BigInt(r.orders),
    })),
    totals: [...totals.values()]
      .sort((a, b) => a.currency.localeCompare(b.currency))
      .map((t) => ({
        currency: t.currency,
        revenueMinor: BigInt(t.revenue),
        quantity: BigInt(t.quantity),
        orderCount: BigInt(t.orders),
      })),
    basis,
    timeZone,
  });
}
