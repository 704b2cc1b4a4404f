import { describe, expect, it } from "vitest";
import { createKeyedMutex } from "./keyed-mutex.js";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("createKeyedMutex", () => {
  it("runs tasks of one key one at a time, in order, and different keys in parallel", async () => {
    const mutex = createKeyedMutex();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const task = (key: string, i: number) =>
      mutex.run(key, async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        log.push(`${key}${i}+`);
        await tick();
        log.push(`${key}${i}-`);
        running--;
        return i;
      });
    const results = await Promise.all([task("a", 1), task("a", 2), task("b", 1), task("a", 3)]);
    expect(results).toEqual([1, 2, 1, 3]);
    const a = log.filter((l) => l.startsWith("a"));
    expect(a).toEqual(["a1+", "a1-", "a2+", "a2-", "a3+", "a3-"]);
    expect(maxRunning).toBe(2);
    await tick();
    expect(mutex.size).toBe(0);
  });

  it("keeps going after a task fails", async () => {
    const mutex = createKeyedMutex();
    const failed = mutex.run("k", async () => {
      throw new Error("boom");
    });
    const next = mutex.run("k", async () => "ok");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ok");
  });
});
