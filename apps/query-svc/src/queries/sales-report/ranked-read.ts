import { SalesRankBy } from "@orderlens/contracts";
import type { Meilisearch } from "meilisearch";
import { quoteFilterValue } from "../../filters/filter-value.js";
import type { ReportPlan, SalesDocument } from "./report-plan.js";

/**
 * A one-month top-N product report needs N rows per currency, not the whole month: a month of a
 * large catalogue is thousands of product rows. Meilisearch ranks them by the measure; the month
 * x region rows (a few per currency) give the currencies and the exact totals.
 */
export function rankedReadApplies(plan: ReportPlan): boolean {
  return plan.topN > 0 && plan.months?.length === 1 && plan.orderTotalsIndex !== undefined;
}

const measureOf = (plan: ReportPlan) =>
  plan.rankBy === SalesRankBy.QUANTITY ? "quantity" : "revenueMinor";

/**
 * The top N documents of one currency by the plan's measure, and every document tied with the
 * N-th: Meilisearch orders ties its own way, the report orders them by key. Undefined when a
 * revenue is beyond 2^53, where Meilisearch ranks the rounded number.
 */
export async function rankedDocuments(
  meili: Meilisearch,
  plan: ReportPlan,
  currency: string,
): Promise<SalesDocument[] | undefined> {
  const measure = measureOf(plan);
  const filter = [...plan.filter, `currency = ${quoteFilterValue(currency)}`];
  const docs: SalesDocument[] = [];
  const pageSize = plan.topN + 1;
  for (let offset = 0; ; offset += pageSize) {
    const page = await meili.index(plan.index).search<SalesDocument>("", {
      filter,
      sort: [`${measure}:desc`],
      limit: pageSize,
      offset,
    });
    if (page.hits.some((d) => d.revenueMinorExact !== undefined)) return undefined;
    docs.push(...page.hits);
    const boundary = docs[plan.topN - 1]?.[measure];
    const last = docs.at(-1)?.[measure];
    if (page.hits.length < pageSize || (boundary !== undefined && last !== boundary)) return docs;
  }
}
