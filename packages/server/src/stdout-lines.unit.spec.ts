import { describe, expect, it } from "vitest";
import { createLineBatcher } from "./stdout-lines.js";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("log lines batched per turn of the event loop", () => {
  it("writes the lines of one turn together, in order, at its end", async () => {
    const writes: string[] = [];
    const batcher = createLineBatcher((data) => writes.push(data));
    batcher.write("a\n");
    batcher.write("b\n");
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(["a\nb\n"]);
    batcher.write("c\n");
    await nextTurn();
    expect(writes).toEqual(["a\nb\n", "c\n"]);
  });

  it("writes a large burst early and everything pending on flush", async () => {
    const writes: string[] = [];
    const batcher = createLineBatcher((data) => writes.push(data));
    for (let i = 0; i < 300; i++) batcher.write(`${i}\n`);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.split("\n")).toHaveLength(257);
    batcher.flush();
    expect(writes.join("").split("\n").slice(0, -1)).toEqual(
      Array.from({ length: 300 }, (_, i) => String(i)),
    );
    await nextTurn();
    expect(writes).toHaveLength(2);
  });
});
