// WatchSalesReport: the report, then a fresh one whenever the aggregates it reads changed.
import { create, equals } from "@bufbuild/protobuf";
import {
  type GetSalesReportRequest,
  GetSalesReportRequestSchema,
  type GetSalesReportResponse,
  GetSalesReportResponseSchema,
  type WatchSalesReportRequest,
  type WatchSalesReportResponse,
} from "@orderlens/contracts";
import type { Watch } from "./watchers.js";

export type ReadReport = (req: GetSalesReportRequest) => Promise<GetSalesReportResponse>;

export async function* watchSalesReport(
  req: WatchSalesReportRequest,
  signal: AbortSignal,
  watch: Watch,
  readReport: ReadReport,
): AsyncGenerator<WatchSalesReportResponse> {
  const request = req.report ?? create(GetSalesReportRequestSchema);
  let last: GetSalesReportResponse | undefined;
  for (;;) {
    const position = watch.subscription.position;
    // A bad request fails here, on the first read, with GetSalesReport's own field violations.
    const report = await readReport(request);
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
}
