import { type GetSalesReportResponse, ReportQueryService } from "@orderlens/contracts";
import { createIndexNames } from "@orderlens/meili-indexes";
import { type AnyServiceRegistration, defineService } from "@orderlens/server";
import type { Meilisearch } from "meilisearch";
import type { ReportCache } from "./cache/report-cache.js";
import type { QueryServiceConfig } from "./config.js";
import { getOrder } from "./queries/get-order.js";
import type { OrderDocument } from "./queries/order-view.js";
import { getProjectionStatus } from "./queries/projection-status.js";
import { reportWindowNow } from "./queries/sales-report/report-window.js";
import { salesReportReader } from "./queries/sales-report/sales-report-reader.js";
import { searchOrders } from "./queries/search-orders.js";
import { createSharedReads } from "./watch/shared-reads.js";
import { orderInterest, watchOrder } from "./watch/watch-order.js";
import { watchProjectionStatus } from "./watch/watch-projection-status.js";
import {
  type ReportSnapshot,
  salesReportInterest,
  watchSalesReport,
} from "./watch/watch-sales-report.js";
import type { Watchers } from "./watch/watchers.js";

/** What the RPCs share beyond Meilisearch: the watches, and the reports cached for them all. */
export interface RouteState {
  watchers: Watchers;
  reportCache: ReportCache<GetSalesReportResponse>;
}

/** Every RPC query-svc serves (scope reports:read). Health and reflection come with the server. */
export function routes(
  meili: Meilisearch,
  config: QueryServiceConfig,
  { watchers, reportCache }: RouteState,
): AnyServiceRegistration[] {
  const indexes = createIndexNames(config.indexPrefix);
  const orders = meili.index<OrderDocument>(indexes.orders);
  const readStatus = () => getProjectionStatus(meili, indexes.projectionStatus);
  const sharedReports = createSharedReads<ReportSnapshot>(() => watchers.generation);
  const readReport = salesReportReader({
    meili,
    indexes,
    timeZone: config.reportTimeZone,
    reportWindow: () => reportWindowNow(config.reportRetentionMonths, config.reportTimeZone),
    cache: reportCache,
  });
  return [
    defineService({
      service: ReportQueryService,
      impl: {
        getOrder: (req, ctx) =>
          getOrder(req, ctx.signal, {
            orders,
            defaultWaitMs: config.defaultWaitMs,
            maxWaitMs: config.maxWaitMs,
          }),
        searchOrders: (req) => searchOrders(req, orders),
        getSalesReport: readReport,
        getProjectionStatus: readStatus,
        watchSalesReport: (req, ctx) =>
          watchers.run(
            "WatchSalesReport",
            (watch) =>
              watchSalesReport(req, ctx.signal, watch, { readReport, shared: sharedReports }),
            salesReportInterest(req),
          ),
        watchOrder: (req, ctx) =>
          watchers.run(
            "WatchOrder",
            (watch) => watchOrder(req, ctx.signal, watch, orders),
            orderInterest(req.orderId),
          ),
        watchProjectionStatus: (_req, ctx) =>
          watchers.run("WatchProjectionStatus", (watch) =>
            watchProjectionStatus(ctx.signal, watch, readStatus),
          ),
      },
      scopes: { default: "reports:read" },
    }),
  ];
}
