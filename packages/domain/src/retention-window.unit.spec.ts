import { describe, expect, it } from "vitest";
import { inWindow, retentionWindow } from "./retention-window.js";

const at = (iso: string) => Date.parse(iso);

describe("retentionWindow", () => {
  it("keeps the current month and the months before it, so many in all", () => {
    expect(retentionWindow(at("2026-12-06T04:00:00Z"), 24, "UTC")?.firstMonth).toBe("2025-01");
    expect(retentionWindow(at("2026-12-06T04:00:00Z"), 1, "UTC")?.firstMonth).toBe("2026-12");
    expect(retentionWindow(at("2026-01-15T00:00:00Z"), 13, "UTC")?.firstMonth).toBe("2025-01");
  });

  it("cuts months in the reporting time zone", () => {
    // Already February in Tokyo, still January in UTC.
    const instant = at("2026-01-31T20:00:00Z");
    expect(retentionWindow(instant, 2, "UTC")?.firstMonth).toBe("2025-12");
    expect(retentionWindow(instant, 2, "Asia/Tokyo")?.firstMonth).toBe("2026-01");
  });

  it("is no window at 0 months (kept forever), and refuses a negative or fractional count", () => {
    expect(retentionWindow(at("2026-12-06T00:00:00Z"), 0, "UTC")).toBeUndefined();
    expect(inWindow(undefined, "1970-01")).toBe(true);
    expect(() => retentionWindow(0, -1, "UTC")).toThrow(RangeError);
    expect(() => retentionWindow(0, 1.5, "UTC")).toThrow(RangeError);
  });

  it("puts the first month in, the one before it out", () => {
    const window = retentionWindow(at("2026-12-06T00:00:00Z"), 24, "UTC");
    expect(inWindow(window, "2025-01")).toBe(true);
    expect(inWindow(window, "2024-12")).toBe(false);
    expect(inWindow(window, "2026-12")).toBe(true);
  });
});
