import { describe, expect, it } from "vitest";
import {
  addMinor,
  isMinorAmount,
  MAX_MINOR,
  MoneyOverflowError,
  multiplyMinor,
  sumMinor,
  tryMinor,
} from "./money.js";
import { lineTotal, orderTotal } from "./order-totals.js";

const MAX = Number.MAX_SAFE_INTEGER;

describe("money", () => {
  it("adds and multiplies exactly within the safe range", () => {
    expect(addMinor(MAX - 1, 1)).toBe(MAX);
    expect(multiplyMinor(MAX, 1)).toBe(MAX);
    expect(multiplyMinor(0, 10_000)).toBe(0);
    expect(sumMinor([])).toBe(0);
    expect(sumMinor([1, 2, 3])).toBe(6);
    expect(MAX_MINOR).toBe(MAX);
  });

  it("throws MoneyOverflowError, a RangeError, one past the safe range", () => {
    expect(() => addMinor(MAX, 1)).toThrow(MoneyOverflowError);
    expect(() => addMinor(MAX, 1)).toThrow(RangeError);
    // MAX + 2 rounds to an even double that is not safe either: overflow is never masked.
    expect(() => addMinor(MAX - 1, 3)).toThrow(MoneyOverflowError);
    expect(() => multiplyMinor(2 ** 52, 2)).toThrow(MoneyOverflowError);
    expect(() => multiplyMinor(3_002_399_751_580_331, 3)).toThrow(MoneyOverflowError);
    expect(multiplyMinor(3_002_399_751_580_330, 3)).toBe(9_007_199_254_740_990);
    expect(() => sumMinor([MAX, 0, 1])).toThrow(MoneyOverflowError);
  });

  it("rejects non-integer, negative or unsafe operands", () => {
    for (const bad of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, MAX + 1]) {
      expect(isMinorAmount(bad)).toBe(false);
      expect(() => addMinor(bad, 0)).toThrow(MoneyOverflowError);
      expect(() => multiplyMinor(1, bad)).toThrow(MoneyOverflowError);
    }
    expect(isMinorAmount("1")).toBe(false);
  });

  it("tryMinor turns overflow into undefined and lets other errors through", () => {
    expect(tryMinor(() => addMinor(MAX, 1))).toBeUndefined();
    expect(tryMinor(() => addMinor(1, 1))).toBe(2);
    expect(() =>
      tryMinor(() => {
        throw new TypeError("boom");
      }),
    ).toThrow(TypeError);
  });

  it("computes line and order totals with overflow checked", () => {
    expect(lineTotal({ quantity: 3, unitPriceMinor: 250 })).toBe(750);
    expect(
      orderTotal([
        { quantity: 3, unitPriceMinor: 250 },
        { quantity: 1, unitPriceMinor: 1 },
      ]),
    ).toBe(751);
    expect(orderTotal([])).toBe(0);
    expect(() => lineTotal({ quantity: 10_000, unitPriceMinor: 2 ** 40 })).toThrow(
      MoneyOverflowError,
    );
    expect(() =>
      orderTotal([
        { quantity: 1, unitPriceMinor: MAX },
        { quantity: 1, unitPriceMinor: 1 },
      ]),
    ).toThrow(MoneyOverflowError);
  });
});
