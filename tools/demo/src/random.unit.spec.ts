import { describe, expect, it } from "vitest";
import { createRandom, pickWith } from "./random.js";

describe("createRandom", () => {
  it("repeats its sequence for a seed and differs between seeds, within [0, 1)", () => {
    const draw = (seed: number) => Array.from({ length: 1_000 }, createRandom(seed));
    const a = draw(42);
    expect(draw(42)).toEqual(a);
    expect(draw(43)).not.toEqual(a);
    for (const x of a) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe("pickWith", () => {
  it("picks every element of a list, and only those", () => {
    const random = createRandom(7);
    const seen = new Set(Array.from({ length: 200 }, () => pickWith(random, ["a", "b", "c"])));
    expect([...seen].sort()).toEqual(["a", "b", "c"]);
  });
});
