// GetSalesReport as served, and as WatchSalesReport reads it: the request is planned first, so a
// bad one fails with its field violations before the cache is consulted and is never cached.
import {
  type GetSalesReportRequest,
  type GetSalesReportResponse,
  ReportQueryService,
} from "@orderlens/contracts";
import type { RetentionWindow } from "@orderlens/domain";
import type { Meilisearch } from "meilisearch";
import type { ReportCache } from "../../cache/report-cache.js";
import { requestKey } from "../../cache/request-key.js";
import { readSalesReport } from "./get-sales-report.js";
import { reportMonths } from "./report-months.js";
import { planSalesReport, type ReportIndexes } from "./report-plan.js";

export interface SalesReportSources {
  meili: Meilisearch;
  indexes: ReportIndexes;
  /** Reported with each report: the zone the projector cuts months and days in. */
  timeZone: string;
  cache: ReportCache<GetSalesReportResponse>;
  /** The projector's report window now: a range reaching before it is refused, never cached. */
  reportWindow?: () => RetentionWindow | undefined;
}

export function salesReportReader(
  sources: SalesReportSources,
): (req: GetSalesReportRequest) => Promise<GetSalesReportResponse> {
  const { meili, indexes, timeZone, cache } = sources;
  return async (req) => {
    const plan = planSalesReport(req, indexes, sources.reportWindow?.());
    const key = requestKey(ReportQueryService.method.getSalesReport, req);
    return cache.read(key, reportMonths(req), () => readSalesReport(plan, meili, timeZone));
  };
}
