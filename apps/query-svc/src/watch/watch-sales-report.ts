// WatchSalesReport: the report, then a fresh one whenever the aggregates it reads changed.
import { create, equals, toBinary } from "@bufbuild/protobuf";
import {
  type GetSalesReportRequest,
  GetSalesReportRequestSchema,
  type GetSalesReportResponse,
  GetSalesReportResponseSchema,
  type WatchSalesReportRequest,
  type WatchSalesReportResponse,
} from "@orderlens/contracts";
import type { Interest } from "./change-feed.js";
import type { SharedReads } from "./shared-reads.js";
import type { Watch } from "./watchers.js";

/** The months ("2026-03") a report reads, inclusive; undefined when it names no range. */
function reportMonths(req: GetSalesReportRequest): { from: string; to: string } | undefined {
  const { range } = req;
  if (range.case === "months") return { from: range.value.from, to: range.value.to };
  if (range.case === "days")
    return { from: range.value.from.slice(0, 7), to: range.value.to.slice(0, 7) };
  return undefined;
}

/** A report watch wakes only for notices that list a month inside its range. */
export function salesReportInterest(req: WatchSalesReportRequest): Interest {
  const months = req.report ? reportMonths(req.report) : undefined;
  if (!months) return () => true;
  return (change) => change.months.some((m) => m >= months.from && m <= months.to);
}

export type ReadReport = (req: GetSalesReportRequest) => Promise<GetSalesReportResponse>;

/** A report and the position it was read at, shared by the watchers of one request. */
export interface ReportSnapshot {
  report: GetSalesReportResponse;
  position: number;
}

/** Watchers of equal requests share reads: the request's bytes are the key. */
export function reportKey(req: GetSalesReportRequest): string {
  return Buffer.from(toBinary(GetSalesReportRequestSchema, req)).toString("base64");
}

export async function* watchSalesReport(
  req: WatchSalesReportRequest,
  signal: AbortSignal,
  watch: Watch,
  reads: { readReport: ReadReport; shared: SharedReads<ReportSnapshot> },
): AsyncGenerator<WatchSalesReportResponse> {
  const request = req.report ?? create(GetSalesReportRequestSchema);
  const shared = reads.shared.acquire(reportKey(request));
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
