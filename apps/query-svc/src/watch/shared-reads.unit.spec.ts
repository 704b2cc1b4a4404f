import { describe, expect, it } from "vitest";
import { createSharedReads } from "./shared-reads.js";

function counted() {
  const state = { generation: 0, loads: 0 };
  const shared = createSharedReads<number>(() => state.generation);
  const load = async () => ++state.loads;
  return { state, shared, load };
}

describe("createSharedReads", () => {
  it("gives watchers of one key one read per change", async () => {
    const { state, shared, load } = counted();
    const a = shared.acquire("k");
    const b = shared.acquire("k");
    expect(await Promise.all([a.read(load), b.read(load)])).toEqual([1, 1]);
    expect(await b.read(load)).toBe(1); // nothing changed since
    state.generation++;
    expect(await Promise.all([a.read(load), b.read(load)])).toEqual([2, 2]);
    expect(state.loads).toBe(2);
  });

  it("keeps keys apart, and drops a key with its last watcher", async () => {
    const { shared, load } = counted();
    const a = shared.acquire("a");
    const b = shared.acquire("b");
    expect([await a.read(load), await b.read(load)]).toEqual([1, 2]);
    a.release();
    a.release();
    expect(shared.size).toBe(1);
    b.release();
    expect(shared.size).toBe(0);
  });

  it("does not hand a failed read to the next caller", async () => {
    const { shared } = counted();
    const a = shared.acquire("k");
    await expect(a.read(() => Promise.reject(new Error("meili down")))).rejects.toThrow(
      "meili down",
    );
    expect(await a.read(async () => 7)).toBe(7);
  });
});
