import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { refuseOutsideWindow, reportWindowNow } from "./report-window.js";

describe("the report window", () => {
  const now = Date.parse("2026-12-06T12:00:00Z");

  it("is the projector's: the current month and the ones before it, none at 0", () => {
    expect(reportWindowNow(24, "UTC", now)).toEqual({ firstMonth: "2025-01", months: 24 });
    expect(reportWindowNow(0, "UTC", now)).toBeUndefined();
  });

  it("lets a range from the first month pass, and refuses one from the month before", () => {
    const window = reportWindowNow(24, "UTC", now);
    expect(() =>
      refuseOutsideWindow(window, { field: "months.from", month: "2025-01" }),
    ).not.toThrow();
    expect(() =>
      refuseOutsideWindow(undefined, { field: "months.from", month: "1999-01" }),
    ).not.toThrow();
    let error: unknown;
    try {
      refuseOutsideWindow(window, { field: "months.from", month: "2024-12" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.FailedPrecondition);
    expect((error as ConnectError).rawMessage).toBe(
      "GetSalesReport: 2024-12 is outside the report window",
    );
  });
});
