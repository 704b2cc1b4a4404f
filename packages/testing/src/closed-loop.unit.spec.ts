import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { closedLoop } from "./closed-loop.js";

describe("closedLoop", () => {
  it("keeps `concurrency` calls in flight, never more, until the duration ends", async () => {
    let inFlight = 0;
    let most = 0;
    const r = await closedLoop(4, 100, async () => {
      most = Math.max(most, ++inFlight);
      await sleep(5);
      inFlight--;
    });
    expect(most).toBe(4);
    expect(r.latencies.length).toBeGreaterThanOrEqual(4);
    expect(r.errors).toBe(0);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(100);
  });

  it("counts failures apart from latencies and keeps the first", async () => {
    const r = await closedLoop(1, 50, async (i) => {
      await sleep(1);
      if (i % 2 === 1) throw new Error(`call ${i} failed`);
    });
    expect(r.errors).toBeGreaterThan(0);
    expect(r.latencies.length).toBeGreaterThanOrEqual(r.errors);
    expect((r.firstError as Error).message).toBe("call 1 failed");
  });

  it("hands each call a distinct index, in order of starting", async () => {
    const seen: number[] = [];
    await closedLoop(3, 30, async (i) => {
      seen.push(i);
      await sleep(1);
    });
    expect(seen).toEqual(seen.map((_, k) => k));
  });
});
