import { describe, expect, it } from "vitest";
import { isTimeZone, MAX_EPOCH_MS, reportKeys } from "./report-keys.js";

const at = (iso: string) => Date.parse(iso);

describe("reportKeys", () => {
  it("defaults to UTC", () => {
    expect(reportKeys(at("2026-01-31T23:30:00Z"))).toEqual({ month: "2026-01", day: "2026-01-31" });
  });

  it("2026-01-31T23:30Z is February in Asia/Tokyo", () => {
    expect(reportKeys(at("2026-01-31T23:30:00Z"), "Asia/Tokyo")).toEqual({
      month: "2026-02",
      day: "2026-02-01",
    });
  });

  it("2026-03-01T02:00Z is still February in America/New_York", () => {
    expect(reportKeys(at("2026-03-01T02:00:00Z"), "America/New_York")).toEqual({
      month: "2026-02",
      day: "2026-02-28",
    });
  });

  it("handles year boundaries, leap days and half-hour offsets", () => {
    expect(reportKeys(at("2025-12-31T18:30:00Z"), "Asia/Kolkata")).toEqual({
      month: "2026-01",
      day: "2026-01-01",
    });
    expect(reportKeys(at("2028-02-29T12:00:00Z"), "Europe/Berlin").day).toBe("2028-02-29");
    expect(reportKeys(at("2026-01-01T09:59:59.999Z"), "Pacific/Kiritimati").day).toBe("2026-01-01");
    expect(reportKeys(at("2026-01-01T10:00:00Z"), "Pacific/Kiritimati").day).toBe("2026-01-02");
  });

  it("pads early years and accepts the bounds", () => {
    expect(reportKeys(0)).toEqual({ month: "1970-01", day: "1970-01-01" });
    expect(reportKeys(MAX_EPOCH_MS, "Pacific/Kiritimati")).toEqual({
      month: "9999-12",
      day: "9999-12-30",
    });
  });

  it("throws a clear RangeError for an invalid zone", () => {
    expect(() => reportKeys(0, "Mars/Olympus")).toThrow(
      /Invalid reporting time zone "Mars\/Olympus"/,
    );
    expect(() => reportKeys(0, "")).toThrow(RangeError);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("Europe/Berlin")).toBe(true);
  });

  it("throws for instants outside the supported range", () => {
    for (const bad of [-1, 1.5, Number.NaN, MAX_EPOCH_MS + 1]) {
      expect(() => reportKeys(bad)).toThrow(RangeError);
    }
  });

  it("reuses formatters: repeated calls agree", () => {
    const t = at("2026-06-15T12:00:00Z");
    expect(reportKeys(t, "Europe/Berlin")).toEqual(reportKeys(t, "Europe/Berlin"));
  });
});
