import { describe, expect, it } from "vitest";
import { partitionOf } from "./partition.js";

describe("partitionOf", () => {
  it("is stable: known ids map to fixed partitions", () => {
    // Pinned values: a change here would reroute every live order.
    expect(partitionOf("order-1", 8)).toBe(partitionOf("order-1", 8));
    expect([partitionOf("", 8), partitionOf("a", 8), partitionOf("order-1", 8)]).toEqual([5, 4, 5]);
  });

  it("spreads ids over every partition roughly evenly", () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8_000; i++) {
      const p = partitionOf(`01JD${i.toString(36).padStart(8, "0")}`, 8);
      counts[p] = (counts[p] ?? 0) + 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(700);
  });

  it("rejects a nonsensical partition count", () => {
    expect(() => partitionOf("x", 0)).toThrow(RangeError);
    expect(() => partitionOf("x", 1.5)).toThrow(RangeError);
  });
});
