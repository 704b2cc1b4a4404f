import { ReportQueryService } from "@orderlens/contracts";
import { type AnyServiceRegistration, defineService } from "@orderlens/server";
import type { Meilisearch } from "meilisearch";
import type { QueryServiceConfig } from "./config.js";
import { getOrder } from "./queries/get-order.js";
import type { OrderDocument } from "./queries/order-view.js";
import { getProjectionStatus } from "./queries/projection-status.js";
import { getSalesReport } from "./queries/sales-report.js";
import { searchOrders } from "./queries/search-orders.js";

export interface IndexNames {
  orders: string;
  salesByProductMonth: string;
  salesByRegionMonth: string;
  salesDaily: string;
  projectionStatus: string;
}

/** Index uids, the same rule as the projector's (apps/projector/src/documents/index-names.ts). */
export function indexNames(prefix: string): IndexNames {
  return {
    orders: `${prefix}orders`,
    salesByProductMonth: `${prefix}sales_by_product_month`,
    salesByRegionMonth: `${prefix}sales_by_region_month`,
    salesDaily: `${prefix}sales_daily`,
    projectionStatus: `${prefix}projection_status`,
  };
}

/** Every RPC query-svc serves (scope reports:read). Health and reflection come with the server. */
export function routes(meili: Meilisearch, config: QueryServiceConfig): AnyServiceRegistration[] {
  const indexes = indexNames(config.indexPrefix);
  const orders = meili.index<OrderDocument>(indexes.orders);
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
        getSalesReport: (req) => getSalesReport(req, meili, indexes, config.reportTimeZone),
        getProjectionStatus: () => getProjectionStatus(meili, indexes.projectionStatus),
      },
      scopes: { default: "reports:read" },
    }),
  ];
}
