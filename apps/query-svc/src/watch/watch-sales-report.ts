// WatchSalesReport: the report, then a fresh one whenever the aggregates it reads changed.
import { create, equals } from "@bufbuild/protobuf";
import {
  type GetSalesReportRequest,
  GetSalesReportRequestSchema,
  type GetSalesReportResponse,
  GetSalesReportResponseSchema,
  ReportQueryService,
  type WatchSalesReportRequest,
  type WatchSalesReportResponse,
} from "@orderlens/contracts";
import { requestKey } from "../cache/request-key.js";
import { reportMonths, spanListsAny } from "../queries/sales-report/report-months.js";
import type { Interest } from "./change-feed.js";
import type { SharedReads } from "./shared-reads.js";
import type { Watch } from "./watchers.js";

/** A report watch wakes only for notices that list a month inside its range. */
export function salesReportInterest(req: WatchSalesReportRequest): Interest {
  const months = req.report ? reportMonths(req.report) : undefined;
  if (!months) return () => true;
  return (change) => spanListsAny(months, change.months);
}

export type ReadReport = (req: GetSalesReportRequest) => Promise<GetSalesReportResponse>;

/** A report and the position it was read at, shared by the watchers of one request. */
export interface ReportSnapshot {
  report: GetSalesReportResponse;
  position: number;
}

export async function* watchSalesReport(
  req: WatchSalesReportRequest,
  signal: AbortSignal,
  watch: Watch,
  reads: { readReport: ReadReport; shared: SharedReads<ReportSnapshot> },
): AsyncGenerator<WatchSalesReportResponse> {
  const request = req.report ?? create(GetSalesReportRequestSchema);
  // Watchers of equal requests share reads: the request is the key.
  const shared = reads.shared.acquire(
    requestKey(ReportQueryService.method.getSalesReport, request),
  );
  const load = async (): Promise<ReportSnapshot> => {
    const position = watch.subscription.position;
    return { report: await reads.readReport(request), position };
  };
  try {
    let last: GetSalesReportResponse | undefined;
    for (;;) {
      // A bad request fails here, on the first read, with GetSalesReport's own field violations.
      const { report, position } = await shared.read(load);
      if (!last || !equals(GetSalesReportResponseSchema, last, report)) {
        last = report;
        watch.sent();
        yield {
          $typeName: "orderlens.reports.v1.WatchSalesReportResponse",
          report,
          position: BigInt(position),
        };
      }
      await watch.nextChange(signal);
    }
  } finally {
    shared.release();
  }
}
