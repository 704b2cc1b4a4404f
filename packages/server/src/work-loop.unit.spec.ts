import { describe, expect, it } from "vitest";
import { createWorkLoop, type StepResult } from "./work-loop.js";

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe("createWorkLoop", () => {
  it("runs while there is work, idles until woken, and stops cleanly", async () => {
    let work = 3;
    let steps = 0;
    const loop = createWorkLoop({
      step: async (): Promise<StepResult> => {
        steps++;
        if (work > 0) {
          work--;
          return "more";
        }
        return "idle";
      },
      idleMs: () => 60_000,
      onError: () => {},
    });
    loop.start();
    await tick();
    expect(steps).toBe(4); // three with work, one that found none
    work = 1;
    loop.wake();
    await tick();
    expect(steps).toBe(6);
    await loop.stop();
    expect(loop.running).toBe(false);
  });

  it("backs off exponentially after failures and recovers", async () => {
    const backoffs: number[] = [];
    let failures = 3;
    const loop = createWorkLoop({
      step: async (): Promise<StepResult> => {
        if (failures-- > 0) throw new Error("down");
        return "idle";
      },
      idleMs: () => 60_000,
      onError: (_, backoffMs) => {
        backoffs.push(backoffMs);
      },
      minBackoffMs: 1,
      maxBackoffMs: 3,
    });
    loop.start();
    await tick(30);
    await loop.stop();
    expect(backoffs).toEqual([1, 2, 3]);
  });

  it("remembers a wake that arrives during a step", async () => {
    let steps = 0;
    let loopRef: ReturnType<typeof createWorkLoop> | undefined;
    const loop = createWorkLoop({
      step: async (): Promise<StepResult> => {
        steps++;
        if (steps === 1) loopRef?.wake();
        return "idle";
      },
      idleMs: () => 60_000,
      onError: () => {},
    });
    loopRef = loop;
    loop.start();
    await tick();
    expect(steps).toBe(2);
    await loop.stop();
  });
});
