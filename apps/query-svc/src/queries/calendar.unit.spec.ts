import { describe, expect, it } from "vitest";
import { dayRange, monthRange } from "./calendar.js";

describe("report ranges", () => {
  it("lists months and days inclusively, across year ends", () => {
    expect(monthRange("2025-11", "2026-02", 240)).toEqual({
      ok: true,
      values: ["2025-11", "2025-12", "2026-01", "2026-02"],
    });
    expect(dayRange("2024-02-28", "2024-03-01", 400)).toEqual({
      ok: true,
      values: ["2024-02-28", "2024-02-29", "2024-03-01"],
    });
  });

  it("rejects malformed, impossible, inverted and too long ranges on the right field", () => {
    expect(monthRange("2026-13", "2026-1", 240)).toEqual({
      ok: false,
      violations: [
        { field: "from", description: "must be a month, YYYY-MM" },
        { field: "to", description: "must be a month, YYYY-MM" },
      ],
    });
    expect(dayRange("2026-02-30", "2026-03-01", 400)).toMatchObject({
      ok: false,
      violations: [{ field: "from" }],
    });
    expect(monthRange("2026-05", "2026-02", 240)).toMatchObject({
      ok: false,
      violations: [{ field: "to", description: "must not be before from" }],
    });
    expect(dayRange("2020-01-01", "2026-01-01", 400)).toMatchObject({
      ok: false,
      violations: [{ field: "to" }],
    });
  });
});
