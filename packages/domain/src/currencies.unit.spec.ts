import { describe, expect, it } from "vitest";
import { CURRENCY_CODES, currencyExponent, isCurrency } from "./currencies.js";

describe("currencies", () => {
  it("knows exponents of representative codes", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("EUR")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KRW")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
    expect(currencyExponent("BHD")).toBe(3);
    expect(currencyExponent("CLF")).toBe(4);
    expect(currencyExponent("UYW")).toBe(4);
  });

  it("holds the full active list: well-formed, sorted, unique, exponents 0..4", () => {
    expect(CURRENCY_CODES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
    expect([...CURRENCY_CODES].sort()).toEqual(CURRENCY_CODES);
    for (const code of CURRENCY_CODES) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(currencyExponent(code));
    }
  });

  it("rejects unknown, lower-case, inactive and unit-less codes", () => {
    for (const code of [
      "usd",
      "XXX",
      "XAU",
      "XTS",
      "HRK",
      "ZWL",
      "",
      "EURO",
      "toString",
      "__proto__",
    ]) {
      expect(isCurrency(code)).toBe(false);
      expect(() => currencyExponent(code)).toThrow(RangeError);
    }
  });
});
