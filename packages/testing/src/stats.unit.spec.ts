import { describe, expect, it } from "vitest";
import { percentile, sortAscending, summarize } from "./stats.js";

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe("sortAscending", () => {
  it("sorts numerically, not as strings, and leaves its input alone", () => {
    const input = [10, 9, 100, 1.5, -3];
    expect(sortAscending(input)).toEqual([-3, 1.5, 9, 10, 100]);
    expect(input).toEqual([10, 9, 100, 1.5, -3]);
  });
});

describe("percentile (nearest rank)", () => {
  it("picks the smallest sample with p percent at or below it", () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile(oneToHundred, 0)).toBe(1);
    expect(percentile(oneToHundred, 7)).toBe(7);
    expect(percentile([5, 7, 9], 50)).toBe(7);
    expect(percentile([5, 7, 9], 99)).toBe(9);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 51)).toBe(3);
  });

  it("is NaN without samples and rejects a p outside 0..100", () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe("summarize", () => {
  it("gives count, p50, p99 and max of samples in any order", () => {
    const shuffled = [...oneToHundred].reverse();
    expect(summarize(shuffled)).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
    expect(summarize([3])).toEqual({ count: 1, p50: 3, p99: 3, max: 3 });
  });

  it("is NaN for every figure without samples", () => {
    const empty = summarize([]);
    expect(empty.count).toBe(0);
    expect(empty.p50).toBeNaN();
    expect(empty.p99).toBeNaN();
    expect(empty.max).toBeNaN();
  });
});
