import { describe, expect, it } from "vitest";
import { addMonths, currentMonth, isMonth, monthsBetween } from "./months";

describe("months", () => {
  it("validates YYYY-MM", () => {
    expect(isMonth("2026-01")).toBe(true);
    expect(isMonth("2026-13")).toBe(false);
    expect(isMonth("2026-1")).toBe(false);
    expect(isMonth(null)).toBe(false);
  });

  it("cuts the current month in UTC", () => {
    expect(currentMonth(new Date("2026-03-31T23:30:00-05:00"))).toBe("2026-04");
  });

  it("adds months across years", () => {
    expect(addMonths("2026-11", 3)).toBe("2027-02");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-01", -25)).toBe("2023-12");
  });

  it("lists a range inclusively, empty when reversed", () => {
    expect(monthsBetween("2025-11", "2026-02")).toEqual([
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
    ]);
    expect(monthsBetween("2026-02", "2026-01")).toEqual([]);
    expect(monthsBetween("2000-01", "2100-01", 12)).toHaveLength(12);
  });
});
