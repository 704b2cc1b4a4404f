import { describe, expect, it } from "vitest";
import { reconnectDelayMs } from "./reconnect-delay.js";

const backoff = { minMs: 100, maxMs: 5_000 };

describe("reconnectDelayMs", () => {
  it("doubles the step from the minimum and never exceeds the cap", () => {
    const top = (attempt: number) => reconnectDelayMs(attempt, backoff, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(top)).toEqual([
      100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000,
    ]);
    expect(top(1_000)).toBe(5_000);
  });

  it("jitters within the upper half of the step", () => {
    expect(reconnectDelayMs(3, backoff, () => 0)).toBe(400);
    expect(reconnectDelayMs(3, backoff, () => 0.5)).toBe(600);
    expect(reconnectDelayMs(3, backoff, () => 0.999)).toBeLessThanOrEqual(800);
    for (let i = 0; i < 200; i++) {
      const d = reconnectDelayMs(i % 10, backoff);
      expect(d).toBeGreaterThanOrEqual(50);
      expect(d).toBeLessThanOrEqual(5_000);
    }
  });

  it("spreads clients that retry at the same attempt", () => {
    const delays = new Set(Array.from({ length: 50 }, () => reconnectDelayMs(6, backoff)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it("treats a negative attempt as the first and clamps a random source out of range", () => {
    expect(reconnectDelayMs(-3, backoff, () => 1)).toBe(100);
    expect(reconnectDelayMs(0, backoff, () => 7)).toBe(100);
    expect(reconnectDelayMs(0, backoff, () => -1)).toBe(50);
  });
});
