// The live views of query-svc: each pairs a Watch* stream with its unary twin.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import {
  GetOrderResponseSchema,
  GetProjectionStatusResponseSchema,
  type GetSalesReportRequestSchema,
  GetSalesReportResponseSchema,
  ReportQueryService,
} from "@orderlens/contracts";
import { useMemo } from "react";
import { useServices } from "../services/services-context";
import { mapStream, useLiveQuery } from "./use-live-query";

function useReportClient() {
  const { query } = useServices();
  return {
    transport: query,
    client: useMemo(() => createClient(ReportQueryService, query), [query]),
  };
}

export function useLiveSalesReport(input: MessageInitShape<typeof GetSalesReportRequestSchema>) {
  const { transport, client } = useReportClient();
  return useLiveQuery({
    method: ReportQueryService.method.getSalesReport,
    input,
    transport,
    stream: (signal) =>
      mapStream(client.watchSalesReport({ report: input }, { signal }), (m) => ({
        data: m.report ?? create(GetSalesReportResponseSchema),
        position: m.position,
      })),
  });
}

export function useLiveProjectionStatus() {
  const { transport, client } = useReportClient();
  return useLiveQuery({
    method: ReportQueryService.method.getProjectionStatus,
    input: {},
    transport,
    stream: (signal) =>
      mapStream(client.watchProjectionStatus({}, { signal }), (m) => ({
        data: m.status ?? create(GetProjectionStatusResponseSchema),
      })),
  });
}

/** The order as projected now, following each new version. */
export function useLiveOrder(orderId: string) {
  const { transport, client } = useReportClient();
  return useLiveQuery({
    method: ReportQueryService.method.getOrder,
    input: { orderId },
    transport,
    stream: (signal) =>
      mapStream(client.watchOrder({ orderId }, { signal }), (m) => ({
        data: create(GetOrderResponseSchema, {
          order: m.order,
          projectedVersion: m.projectedVersion,
          minVersionReached: true,
        }),
        position: m.position,
      })),
  });
}
