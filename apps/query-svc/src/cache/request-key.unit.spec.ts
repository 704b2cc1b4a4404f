import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  GetSalesReportRequestSchema,
  ReportQueryService,
  SalesGroupBy,
  SalesRankBy,
  SearchOrdersRequestSchema,
} from "@orderlens/contracts";
import { describe, expect, it } from "vitest";
import { requestKey } from "./request-key.js";

const getSalesReport = ReportQueryService.method.getSalesReport;
const october = { case: "months" as const, value: { from: "2026-10", to: "2026-10" } };
const report = (init: MessageInitShape<typeof GetSalesReportRequestSchema>) =>
  create(GetSalesReportRequestSchema, init);

describe("requestKey", () => {
  it("is equal for equal requests, however they were built", () => {
    const a = report({ range: october, groupBy: SalesGroupBy.PRODUCT, topN: 20 });
    const b = report({ topN: 20, groupBy: SalesGroupBy.PRODUCT, range: october });
    expect(requestKey(getSalesReport, a)).toBe(requestKey(getSalesReport, b));
    // A field left at its default encodes as absent: the same question.
    const c = report({ range: october, groupBy: SalesGroupBy.PRODUCT, topN: 20, currency: "" });
    expect(requestKey(getSalesReport, c)).toBe(requestKey(getSalesReport, a));
  });

  it("differs for any field that changes the answer", () => {
    const base = { range: october, groupBy: SalesGroupBy.PRODUCT, topN: 20 };
    const keys = [
      report(base),
      report({ ...base, topN: 21 }),
      report({ ...base, rankBy: SalesRankBy.QUANTITY }),
      report({ ...base, groupBy: SalesGroupBy.REGION }),
      report({ ...base, currency: "EUR" }),
      report({ ...base, range: { case: "months", value: { from: "2026-09", to: "2026-10" } } }),
      report({ ...base, range: { case: "days", value: { from: "2026-10-01", to: "2026-10-31" } } }),
      report({ ...base, productIds: ["sku-1"] }),
    ].map((r) => requestKey(getSalesReport, r));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("names the method, so equal bytes of two methods never share an entry", () => {
    const empty = requestKey(getSalesReport, report({}));
    const search = requestKey(
      ReportQueryService.method.searchOrders,
      create(SearchOrdersRequestSchema, {}),
    );
    expect(empty).toBe("orderlens.reports.v1.ReportQueryService/GetSalesReport ");
    expect(search).not.toBe(empty);
  });
});
