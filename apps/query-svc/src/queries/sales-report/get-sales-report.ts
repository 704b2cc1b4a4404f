import { create } from "@bufbuild/protobuf";
import { type GetSalesReportResponse, GetSalesReportResponseSchema } from "@orderlens/contracts";
import type { Meilisearch } from "meilisearch";
import { fromMeiliError } from "../../meili-errors.js";
import { rankedDocuments, rankedReadApplies } from "./ranked-read.js";
import type { ReportPlan, SalesDocument } from "./report-plan.js";
import {
  type CurrencyTotal,
  orderRows,
  type ReportRow,
  sumRows,
  withOrderTotals,
} from "./report-rows.js";

export type { ReportIndexes } from "./report-plan.js";

const basis =
  "completed orders, by completion date; amounts per currency, never summed across currencies";

async function allDocuments(
  meili: Meilisearch,
  index: string,
  filter: readonly string[],
): Promise<SalesDocument[]> {
  const docs: SalesDocument[] = [];
  for (let offset = 0; ; offset += 1_000) {
    const page = await meili
      .index(index)
      .getDocuments<SalesDocument>({ filter: [...filter], limit: 1_000, offset });
    docs.push(...page.results);
    if (page.results.length < 1_000) return docs;
  }
}

/** The plan's documents, and the order-total rows beside them: two independent reads at once. */
async function readReportDocuments(meili: Meilisearch, plan: ReportPlan) {
  try {
    const [docs, regionDocs] = await Promise.all([
      allDocuments(meili, plan.index, plan.filter),
      plan.orderTotalsIndex ? allDocuments(meili, plan.orderTotalsIndex, plan.filter) : undefined,
    ]);
    return { docs, regionDocs };
  } catch (error) {
    throw fromMeiliError(error, "GetSalesReport");
  }
}

interface Report {
  rows: ReportRow[];
  totals: CurrencyTotal[];
}

/** Every document of the range, summed per key, ranked and cut. */
async function summedReport(meili: Meilisearch, plan: ReportPlan): Promise<Report> {
  const { docs, regionDocs } = await readReportDocuments(meili, plan);
  const summed = sumRows(docs, plan.keyOf);
  const totals = regionDocs ? withOrderTotals(summed.totals, regionDocs) : summed.totals;
  return { rows: orderRows(summed.rows, plan), totals };
}

/**
 * One month's top N per currency from ranked reads (see rankedReadApplies), the totals from the
 * month x region rows; undefined where only the summed report is exact.
 */
async function rankedReport(meili: Meilisearch, plan: ReportPlan): Promise<Report | undefined> {
  try {
    const totalsIndex = plan.orderTotalsIndex ?? plan.index;
    const regionDocs = await allDocuments(meili, totalsIndex, plan.filter);
    // A currency with only cancellations that month has a region row but sold nothing.
    const totals = sumRows(regionDocs, (d) => d.region ?? "").totals.filter(
      (t) => t.orderCount > 0n,
    );
    const ranked = await Promise.all(totals.map((t) => rankedDocuments(meili, plan, t.currency)));
    if (ranked.some((docs) => docs === undefined)) return undefined;
    const { rows } = sumRows(
      ranked.flatMap((docs) => docs ?? []),
      plan.keyOf,
    );
    return { rows: orderRows(rows, plan), totals };
  } catch (error) {
    throw fromMeiliError(error, "GetSalesReport");
  }
}

/** A planned sales report, read from the pre-aggregated indexes (see planSalesReport). */
export async function readSalesReport(
  plan: ReportPlan,
  meili: Meilisearch,
  timeZone: string,
): Promise<GetSalesReportResponse> {
  const ranked = rankedReadApplies(plan) ? await rankedReport(meili, plan) : undefined;
  const report = ranked ?? (await summedReport(meili, plan));
  return create(GetSalesReportResponseSchema, { ...report, basis, timeZone });
}
