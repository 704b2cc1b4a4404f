// GetSalesReport under the projector's report window: months retention has retired are refused
// with FAILED_PRECONDITION naming the window and the export, over gRPC, never answered short.
import { Code } from "@connectrpc/connect";
import { PreconditionFailureSchema, SalesGroupBy } from "@orderlens/contracts";
import { rejection } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type QueryHarness,
  regionMonthDoc,
  startQueryHarness,
} from "../../test/query-svc-harness.js";
import { reportWindowNow } from "./sales-report/report-window.js";

let h: QueryHarness;
const window = reportWindowNow(3, "UTC");
const first = window?.firstMonth ?? "";
const before = (() => {
  const [y, m] = first.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
})();

beforeAll(async () => {
  h = await startQueryHarness({ REPORT_RETENTION_MONTHS: "3" });
  await h.put(h.indexes.salesByRegionMonth, [regionMonthDoc(first, "eu-west", "EUR", 1, 900, 1)]);
});
afterAll(() => h.stop());

describe("GetSalesReport and the report window", () => {
  it("answers from the window's first month on", async () => {
    const r = await h.client.getSalesReport({
      range: { case: "months", value: { from: first, to: first } },
      groupBy: SalesGroupBy.REGION,
    });
    expect(r.rows.map((x) => [x.key, Number(x.revenueMinor)])).toEqual([["eu-west", 900]]);
  });

  it("refuses a range reaching before it with FAILED_PRECONDITION, naming the window and the export", async () => {
    for (const range of [
      { case: "months" as const, value: { from: before, to: first } },
      { case: "days" as const, value: { from: `${before}-28`, to: `${first}-02` } },
    ]) {
      const error = await rejection(h.client.getSalesReport({ range, groupBy: SalesGroupBy.DAY }));
      expect(error.code).toBe(Code.FailedPrecondition);
      const [failure] = error.findDetails(PreconditionFailureSchema);
      expect(failure?.violations).toEqual([
        expect.objectContaining({ type: "REPORT_WINDOW", subject: `${range.case}.from` }),
      ]);
      expect(failure?.violations[0]?.description).toContain(`reports are kept from ${first}`);
      expect(failure?.violations[0]?.description).toContain("orderlens-projector export");
    }
  });
});
