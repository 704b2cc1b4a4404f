import { describe, expect, it } from "vitest";
import { exportMonths, MAX_EXPORT_MONTHS } from "./month-range.js";

describe("exportMonths", () => {
  it("lists every month of the range, across years", () => {
    expect(exportMonths("2025-11", "2026-02")).toEqual({
      ok: true,
      months: ["2025-11", "2025-12", "2026-01", "2026-02"],
    });
    expect(exportMonths("2026-05", "2026-05")).toEqual({ ok: true, months: ["2026-05"] });
  });

  it("accepts exactly the maximum span and refuses one month more", () => {
    const max = exportMonths("2000-01", "2019-12");
    expect(max.ok && max.months.length).toBe(MAX_EXPORT_MONTHS);
    expect(exportMonths("2000-01", "2020-01")).toEqual({
      ok: false,
      violations: [
        {
          end: "to",
          description: "the range from 2000-01 spans 241 months; at most 240 are exported at once",
        },
      ],
    });
  });

  it("refuses a range that ends before it starts", () => {
    expect(exportMonths("2026-03", "2026-02")).toEqual({
      ok: false,
      violations: [{ end: "to", description: "must not be before 2026-03" }],
    });
  });

  it("names each end that is not a month", () => {
    expect(exportMonths("2026-13", "26-01")).toEqual({
      ok: false,
      violations: [
        { end: "from", description: "must be YYYY-MM" },
        { end: "to", description: "must be YYYY-MM" },
      ],
    });
    expect(exportMonths("2026-1", "2026-01").ok).toBe(false);
    expect(exportMonths(" 2026-01", "2026-01").ok).toBe(false);
  });
});
