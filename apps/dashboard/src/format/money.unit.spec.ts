import { describe, expect, it } from "vitest";
import { decimalToMinor, formatMoney, formatUtc, minorDigits, minorToDecimal } from "./money";

describe("money", () => {
  it("knows each currency's minor digits", () => {
    expect(minorDigits("EUR")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("KWD")).toBe(3);
  });

  it("turns minor units into the exact decimal, beyond what a float holds", () => {
    expect(minorToDecimal(123_456n, "EUR")).toBe("1234.56");
    expect(minorToDecimal(5n, "EUR")).toBe("0.05");
    expect(minorToDecimal(-1_999n, "USD")).toBe("-19.99");
    expect(minorToDecimal(1_234n, "JPY")).toBe("1234");
    expect(minorToDecimal(9_007_199_254_740_993n, "EUR")).toBe("90071992547409.93");
  });

  it("formats in the row's own currency", () => {
    expect(formatMoney(123_456n, "EUR", "en-US")).toBe("€1,234.56");
    expect(formatMoney(123_456n, "USD", "en-US")).toBe("$1,234.56");
    expect(formatMoney(1_234n, "JPY", "en-US")).toBe("¥1,234");
    expect(formatMoney(123_456n, "EUR", "de-DE")).toBe("1.234,56\u00a0€");
    expect(formatMoney(9_007_199_254_740_993n, "USD", "en-US")).toBe("$90,071,992,547,409.93");
  });

  it("reads typed amounts into minor units, refusing more digits than the currency has", () => {
    expect(decimalToMinor("12.5", "EUR")).toBe(1_250n);
    expect(decimalToMinor("12,50", "EUR")).toBe(1_250n);
    expect(decimalToMinor(" 7 ", "EUR")).toBe(700n);
    expect(decimalToMinor("0.001", "EUR")).toBeUndefined();
    expect(decimalToMinor("12.5", "JPY")).toBeUndefined();
    expect(decimalToMinor("-1", "EUR")).toBeUndefined();
    expect(decimalToMinor("1e3", "EUR")).toBeUndefined();
  });

  it("shows times in UTC", () => {
    expect(formatUtc({ seconds: 1_780_000_000n, nanos: 5_000_000 } as never)).toBe(
      "2026-05-28 20:26:40 UTC",
    );
    expect(formatUtc(undefined)).toBe("—");
  });
});
