import { describe, expect, it } from "vitest";
import { overviewSearch, parseOverviewSearch } from "./overview-url";

const now = new Date("2026-06-15T12:00:00Z");

describe("overview URL", () => {
  it("defaults to the last twelve months and this month", () => {
    expect(parseOverviewSearch("", now)).toEqual({
      from: "2025-07",
      to: "2026-06",
      month: "2026-06",
    });
  });

  it("round-trips, and ignores what is not a month", () => {
    const state = { from: "2026-01", to: "2026-03", month: "2026-02" };
    expect(parseOverviewSearch(overviewSearch(state), now)).toEqual(state);
    expect(parseOverviewSearch("from=junk&to=2026-02&month=2026-99", now)).toEqual({
      from: "2025-03",
      to: "2026-02",
      month: "2026-02",
    });
  });

  it("never shows a reversed range", () => {
    expect(parseOverviewSearch("from=2026-05&to=2026-01", now).from).toBe("2026-01");
  });
});
