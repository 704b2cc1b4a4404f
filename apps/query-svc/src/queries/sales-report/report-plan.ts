import { type GetSalesReportRequest, SalesGroupBy, SalesRankBy } from "@orderlens/contracts";
import type { RetentionWindow } from "@orderlens/domain";
import { type FieldViolation, invalidArgument } from "@orderlens/server";
import { quoteFilterValue } from "../../filters/filter-value.js";
import { dayRange, monthRange } from "../calendar.js";
import { refuseOutsideWindow } from "./report-window.js";

export interface ReportIndexes {
  salesByProductMonth: string;
  salesByRegionMonth: string;
  salesDaily: string;
}

/** A document of any of the three sales indexes (the fields a report reads). */
export interface SalesDocument {
  month: string;
  day?: string;
  productId?: string;
  productName?: string;
  region?: string;
  currency: string;
  quantity: number;
  revenueMinor: number;
  /** Present when revenueMinor is beyond 2^53, where the number is rounded. */
  revenueMinorExact?: string;
  completedOrders: number;
}

/** What one report reads and how it groups, ranks and cuts the rows. */
export interface ReportPlan {
  /** Whole months (YYYY-MM), or days (YYYY-MM-DD) when the request gave days. */
  readonly months?: readonly string[];
  readonly days?: readonly string[];
  readonly index: string;
  readonly filter: readonly string[];
  readonly keyOf: (doc: SalesDocument) => string;
  /** Exact order totals come from the month x region index (see readReportDocuments). */
  readonly orderTotalsIndex?: string;
  readonly rankBy: SalesRankBy;
  readonly topN: number;
  /** Time series read in time order unless a top N ranks them. */
  readonly chronological: boolean;
}

const maxMonths = 240;
const maxDays = 400;

function inList(attribute: string, values: readonly string[]): string {
  return `${attribute} IN [${values.map(quoteFilterValue).join(", ")}]`;
}

function rangeOf(req: GetSalesReportRequest, violations: FieldViolation[]) {
  if (req.range.case === "months") {
    const r = monthRange(req.range.value.from, req.range.value.to, maxMonths);
    if (r.ok) return { months: r.values };
    violations.push(...r.violations.map((v) => ({ ...v, field: `months.${v.field}` })));
  } else if (req.range.case === "days") {
    const r = dayRange(req.range.value.from, req.range.value.to, maxDays);
    if (r.ok) return { days: r.values };
    violations.push(...r.violations.map((v) => ({ ...v, field: `days.${v.field}` })));
  }
  return {};
}

/**
 * The contract checked the range's presence and formats, the enums, top_n, the currency and the
 * lists; what is left spans fields: only combinations the aggregates answer exactly.
 */
function crossFieldViolations(req: GetSalesReportRequest, byMonth: boolean): FieldViolation[] {
  const group = req.groupBy;
  const violations: FieldViolation[] = [];
  if ((group === SalesGroupBy.PRODUCT || group === SalesGroupBy.REGION) && !byMonth) {
    violations.push({
      field: "days",
      description: "product and region reports are kept per month: give a month range",
    });
  }
  if (
    req.regions.length > 0 &&
    group !== SalesGroupBy.REGION &&
    !(group === SalesGroupBy.MONTH && byMonth)
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
  return violations;
}

function grouping(
  group: SalesGroupBy,
  byMonth: boolean,
  indexes: ReportIndexes,
): Pick<ReportPlan, "index" | "keyOf"> {
  switch (group) {
    case SalesGroupBy.PRODUCT:
      return { index: indexes.salesByProductMonth, keyOf: (d) => d.productId ?? "" };
    case SalesGroupBy.REGION:
      return { index: indexes.salesByRegionMonth, keyOf: (d) => d.region ?? "" };
    case SalesGroupBy.DAY:
      return { index: indexes.salesDaily, keyOf: (d) => d.day ?? "" };
    default:
      // MONTH: whole months from the region index (regions add up to the month), else days.
      return {
        index: byMonth ? indexes.salesByRegionMonth : indexes.salesDaily,
        keyOf: (d) => d.month,
      };
  }
}

/**
 * Reports come from the pre-aggregated indexes: sales per month x product, per month x region
 * and per day. Anything those cannot answer exactly is INVALID_ARGUMENT naming the field, never
 * an approximation; a range reaching before the report window is FAILED_PRECONDITION.
 */
export function planSalesReport(
  req: GetSalesReportRequest,
  indexes: ReportIndexes,
  window?: RetentionWindow,
): ReportPlan {
  const violations: FieldViolation[] = [];
  const { months, days } = rangeOf(req, violations);
  violations.push(...crossFieldViolations(req, req.range.case === "months"));
  if (violations.length > 0) throw invalidArgument(violations, "invalid sales report request");
  const first = months?.[0] ?? days?.[0]?.slice(0, 7);
  if (first) refuseOutsideWindow(window, { field: `${req.range.case}.from`, month: first });

  const filter = [months ? inList("month", months) : inList("day", days ?? [])];
  if (req.currency) filter.push(inList("currency", [req.currency]));
  if (req.regions.length > 0) filter.push(inList("region", req.regions));
  if (req.productIds.length > 0) filter.push(inList("productId", req.productIds));
  const group = req.groupBy;
  // Product rows count each order once per product it contains; the month x region rows count
  // each order once, so they give the exact order totals of an unfiltered product report.
  const orderTotals = group === SalesGroupBy.PRODUCT && req.productIds.length === 0;
  return {
    ...(months ? { months } : {}),
    ...(days ? { days } : {}),
    ...grouping(group, months !== undefined, indexes),
    filter,
    ...(orderTotals ? { orderTotalsIndex: indexes.salesByRegionMonth } : {}),
    rankBy: req.rankBy === SalesRankBy.QUANTITY ? SalesRankBy.QUANTITY : SalesRankBy.REVENUE,
    topN: req.topN,
    chronological: (group === SalesGroupBy.DAY || group === SalesGroupBy.MONTH) && req.topN === 0,
  };
}
