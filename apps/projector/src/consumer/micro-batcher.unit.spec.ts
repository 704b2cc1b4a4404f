import { describe, expect, it } from "vitest";
import { createMicroBatcher } from "./micro-batcher.js";

function recorder(options: {
  maxItems: number;
  maxDelayMs: number;
  fail?: (batch: number[]) => boolean;
}) {
  const batches: number[][] = [];
  const errors: string[] = [];
  let running = 0;
  let overlapped = false;
  const batcher = createMicroBatcher<number>({
    maxItems: options.maxItems,
    maxDelayMs: options.maxDelayMs,
    async handle(batch) {
      running++;
      if (running > 1) overlapped = true;
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (options.fail?.(batch)) throw new Error(`failed ${batch.join(",")}`);
      batches.push(batch);
    },
    onError: (error) => errors.push((error as Error).message),
  });
  return { batcher, batches, errors, overlapped: () => overlapped };
}

describe("createMicroBatcher", () => {
  it("hands over a batch as soon as it is full, one batch at a time, in order", async () => {
    const r = recorder({ maxItems: 3, maxDelayMs: 60_000 });
    for (let i = 1; i <= 7; i++) r.batcher.push(i);
    await r.batcher.drained();
    expect(r.batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    r.batcher.flush();
    await r.batcher.drained();
    expect(r.batches.at(-1)).toEqual([7]);
    expect(r.overlapped()).toBe(false);
  });

  it("hands over a partial batch after the delay", async () => {
    const r = recorder({ maxItems: 100, maxDelayMs: 20 });
    r.batcher.push(1);
    r.batcher.push(2);
    await new Promise((r) => setTimeout(r, 60));
    await r.batcher.drained();
    expect(r.batches).toEqual([[1, 2]]);
  });

  it("reports a failed batch and goes on with the next", async () => {
    const r = recorder({ maxItems: 2, maxDelayMs: 60_000, fail: (b) => b.includes(1) });
    for (let i = 1; i <= 4; i++) r.batcher.push(i);
    await r.batcher.drained();
    expect(r.errors).toEqual(["failed 1,2"]);
    expect(r.batches).toEqual([[3, 4]]);
  });

  it("flush with nothing buffered leaves no timer and no batch", async () => {
    const r = recorder({ maxItems: 2, maxDelayMs: 10 });
    r.batcher.flush();
    await r.batcher.drained();
    expect(r.batches).toEqual([]);
  });
});
