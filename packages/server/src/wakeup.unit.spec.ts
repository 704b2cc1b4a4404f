import { describe, expect, it } from "vitest";
import { createWakeup } from "./wakeup.js";

describe("createWakeup", () => {
  it("resolves the waiter once per wake, and keeps no wake for a later wait", async () => {
    const wakeup = createWakeup();
    wakeup.wake();
    let woken = 0;
    const first = wakeup.wait().then(() => woken++);
    await Promise.resolve();
    expect(woken).toBe(0);
    wakeup.wake();
    await first;
    expect(woken).toBe(1);
    wakeup.wake();
    const second = wakeup.wait().then(() => woken++);
    await new Promise((resolve) => setImmediate(resolve));
    expect(woken).toBe(1);
    wakeup.wake();
    await second;
    expect(woken).toBe(2);
  });
});
