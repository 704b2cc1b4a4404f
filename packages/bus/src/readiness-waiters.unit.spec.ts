import { describe, expect, it } from "vitest";
import { createReadinessWaiters } from "./readiness-waiters.js";

const timeout = () => new Error("timed out");

describe("readiness waiters", () => {
  it("resolves at once when the value is there", async () => {
    const waiters = createReadinessWaiters();
    await expect(waiters.wait(() => 42, {}, timeout)).resolves.toBe(42);
  });

  it("resolves on the notify that finds the value, not before", async () => {
    const waiters = createReadinessWaiters();
    let value: string | undefined;
    let settled = false;
    const waiting = waiters
      .wait(() => value, {}, timeout)
      .finally(() => {
        settled = true;
      });
    waiters.notify();
    await Promise.resolve();
    expect(settled).toBe(false);
    value = "ready";
    waiters.notify();
    await expect(waiting).resolves.toBe("ready");
  });

  it("rejects with the timeout error after timeoutMs", async () => {
    const waiters = createReadinessWaiters();
    const started = Date.now();
    await expect(waiters.wait(() => undefined, { timeoutMs: 30 }, timeout)).rejects.toThrow(
      "timed out",
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("rejects with the signal's reason when it aborts, or at once when already aborted", async () => {
    const waiters = createReadinessWaiters();
    const controller = new AbortController();
    const waiting = waiters.wait(() => undefined, { signal: controller.signal }, timeout);
    controller.abort(new Error("stopping"));
    await expect(waiting).rejects.toThrow("stopping");
    await expect(
      waiters.wait(() => undefined, { signal: controller.signal }, timeout),
    ).rejects.toThrow("stopping");
  });

  it("failAll rejects every waiter and clears their timers", async () => {
    const waiters = createReadinessWaiters();
    const a = waiters.wait(() => undefined, { timeoutMs: 60_000 }, timeout);
    const b = waiters.wait(() => undefined, {}, timeout);
    waiters.failAll(new Error("closed"));
    await expect(a).rejects.toThrow("closed");
    await expect(b).rejects.toThrow("closed");
    // A settled waiter is gone: a later notify or failAll does not touch it.
    waiters.failAll(new Error("again"));
  });
});
