// The overview's three reports, in one place: the page asks for them, and the app starts them
// before its first render when it opens on the overview (same requests, same cache entries).
import type { MessageInitShape } from "@bufbuild/protobuf";
import { createQueryOptions } from "@connectrpc/connect-query";
import {
  type GetSalesReportRequestSchema,
  ReportQueryService,
  SalesGroupBy,
  SalesRankBy,
} from "@orderlens/contracts";
import type { QueryClient } from "@tanstack/react-query";
import type { Services } from "../../services/services";
import { type OverviewState, parseOverviewSearch } from "./overview-url";

type SalesRequest = MessageInitShape<typeof GetSalesReportRequestSchema>;

export const topProductCount = 10;

const oneMonth = (month: string) => ({
  case: "months" as const,
  value: { from: month, to: month },
});

export const overviewRequests = {
  monthly: (from: string, to: string): SalesRequest => ({
    range: { case: "months", value: { from, to } },
    groupBy: SalesGroupBy.MONTH,
  }),
  topProducts: (month: string): SalesRequest => ({
    range: oneMonth(month),
    groupBy: SalesGroupBy.PRODUCT,
    topN: topProductCount,
    rankBy: SalesRankBy.REVENUE,
  }),
  regions: (month: string): SalesRequest => ({
    range: oneMonth(month),
    groupBy: SalesGroupBy.REGION,
  }),
};

function requestsOf(state: OverviewState): SalesRequest[] {
  return [
    overviewRequests.monthly(state.from, state.to),
    overviewRequests.topProducts(state.month),
    overviewRequests.regions(state.month),
  ];
}

/** Starts the overview's reports while React is still rendering the first time. */
export function prefetchOverview(queryClient: QueryClient, services: Services, search: string) {
  for (const input of requestsOf(parseOverviewSearch(search))) {
    const options = createQueryOptions(ReportQueryService.method.getSalesReport, input, {
      transport: services.query,
    });
    void queryClient.prefetchQuery(options);
  }
}
