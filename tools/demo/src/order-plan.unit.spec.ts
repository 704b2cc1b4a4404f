import { describe, expect, it } from "vitest";
import { createCatalogue, type PlanContext, planOrder, reportMonths } from "./order-plan.js";
import { createRandom } from "./random.js";

const now = Date.UTC(2026, 10, 23, 12);
const yearMs = 365 * 24 * 3_600_000;

function context(seed: number): PlanContext {
  const random = createRandom(seed);
  return {
    random,
    catalogue: createCatalogue(random, 200),
    regions: ["eu-west", "apac"],
    runId: "run1",
    now,
  };
}

describe("createCatalogue", () => {
  it("numbers the products and prices them in minor units", () => {
    const catalogue = createCatalogue(createRandom(1), 200);
    expect(catalogue).toHaveLength(200);
    expect(catalogue[0]?.productId).toBe("sku-0001");
    expect(catalogue[199]?.productId).toBe("sku-0200");
    for (const p of catalogue) {
      expect(p.unitPriceMinor).toBeGreaterThanOrEqual(199n);
      expect(p.unitPriceMinor).toBeLessThan(20_199n);
      expect(p.productName).toMatch(/ \d+$/);
    }
  });
});

describe("planOrder", () => {
  it("plans valid orders over the last year, the same ones for the same seed", () => {
    const ctx = context(42);
    const plans = Array.from({ length: 2_000 }, (_, i) => planOrder(ctx, i));
    expect(planOrder(context(42), 0)).toEqual(plans[0]);
    for (const [i, plan] of plans.entries()) {
      expect(plan.request.requestId).toBe(`demo-run1-${i}`);
      expect(plan.createdAt).toBeGreaterThanOrEqual(now - yearMs);
      expect(plan.createdAt).toBeLessThan(now);
      expect(plan.endsAt).toBeGreaterThanOrEqual(plan.createdAt);
      expect(plan.endsAt).toBeLessThan(plan.createdAt + 3_600_000);
      expect(["eu-west", "apac"]).toContain(plan.request.region);
      expect(["EUR", "USD"]).toContain(plan.request.currency);
      const ids = plan.request.items.map((item) => item.productId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThanOrEqual(1);
      expect(ids.length).toBeLessThanOrEqual(4);
      for (const item of plan.request.items) expect([1, 2, 3]).toContain(item.quantity);
    }
  });

  it("completes about 70% of the orders, cancels about 15% and leaves the rest pending", () => {
    const ctx = context(9);
    const fates = Array.from({ length: 10_000 }, (_, i) => planOrder(ctx, i).fate);
    const share = (fate: string) => fates.filter((f) => f === fate).length / fates.length;
    expect(share("complete")).toBeCloseTo(0.7, 1);
    expect(share("cancel")).toBeCloseTo(0.15, 1);
    expect(share("pending")).toBeCloseTo(0.15, 1);
  });
});

describe("reportMonths", () => {
  it("spans the month a year back to the current month, in UTC", () => {
    expect(reportMonths(now)).toEqual({ from: "2025-11", to: "2026-11" });
  });
});
