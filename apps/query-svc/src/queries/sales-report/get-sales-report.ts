import { create } from "@bufbuild/protobuf";
import {
  type GetSalesReportRequest,
  type GetSalesReportResponse,
  GetSalesReportResponseSchema,
} from "@orderlens/contracts";
import type { Meilisearch } from "meilisearch";
import { fromMeiliError } from "../../meili-errors.js";
import {
  planSalesReport,
  type ReportIndexes,
  type ReportPlan,
  type SalesDocument,
} from "./report-plan.js";
import { orderRows, sumRows, withOrderTotals } from "./report-rows.js";

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

/** A sales report from the pre-aggregated indexes (see planSalesReport for what it accepts). */
export async function getSalesReport(
  req: GetSalesReportRequest,
  meili: Meilisearch,
  indexes: ReportIndexes,
  timeZone: string,
): Promise<GetSalesReportResponse> {
  const plan = planSalesReport(req, indexes);
  const { docs, regionDocs } = await readReportDocuments(meili, plan);
  const summed = sumRows(docs, plan.keyOf);
  const totals = regionDocs ? withOrderTotals(summed.totals, regionDocs) : summed.totals;
  return create(GetSalesReportResponseSchema, {
    rows: orderRows(summed.rows, plan),
    totals,
    basis,
    timeZone,
  });
}
