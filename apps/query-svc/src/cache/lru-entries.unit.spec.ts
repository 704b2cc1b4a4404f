import { describe, expect, it } from "vitest";
import { createLruEntries } from "./lru-entries.js";

const keysOf = (lru: { peek(k: string): number | undefined }, keys: string[]) =>
  keys.filter((k) => lru.peek(k) !== undefined);

describe("createLruEntries", () => {
  it("evicts the least recently set entry beyond its bound, and says how many", () => {
    const lru = createLruEntries<string, number>(2);
    expect(lru.set("a", 1)).toBe(0);
    expect(lru.set("b", 2)).toBe(0);
    expect(lru.set("c", 3)).toBe(1);
    expect(keysOf(lru, ["a", "b", "c"])).toEqual(["b", "c"]);
    expect(lru.size).toBe(2);
  });

  it("counts a get as a use, and a peek not", () => {
    const lru = createLruEntries<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1);
    lru.set("c", 3);
    expect(keysOf(lru, ["a", "b", "c"])).toEqual(["a", "c"]);
    expect(lru.peek("a")).toBe(1);
    lru.set("d", 4);
    expect(keysOf(lru, ["a", "c", "d"])).toEqual(["c", "d"]);
  });

  it("replaces a key in place of growing, as its most recent use", () => {
    const lru = createLruEntries<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.set("a", 10)).toBe(0);
    lru.set("c", 3);
    expect(keysOf(lru, ["a", "b", "c"])).toEqual(["a", "c"]);
    expect(lru.get("a")).toBe(10);
  });

  it("deletes one key, or every entry a predicate accepts", () => {
    const lru = createLruEntries<string, number>(10);
    for (const [k, v] of [
      ["a", 1],
      ["b", 2],
      ["c", 3],
      ["d", 4],
    ] as const)
      lru.set(k, v);
    expect(lru.delete("a")).toBe(true);
    expect(lru.delete("a")).toBe(false);
    expect(lru.deleteWhere((v) => v % 2 === 0)).toBe(2);
    expect(keysOf(lru, ["a", "b", "c", "d"])).toEqual(["c"]);
    expect(lru.get("zz")).toBeUndefined();
  });

  it("refuses a bound below one entry", () => {
    expect(() => createLruEntries(0)).toThrow(RangeError);
  });
});
