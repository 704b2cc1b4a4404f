import { describe, expect, it } from "vitest";
import { Bitset } from "./bitset.js";
import { Postings } from "./postings.js";

/** Deterministic pseudo-random ids (mulberry32), so a failure replays exactly. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("Postings", () => {
  // Sizes on both sides of the point where postings switch to a bitset (256).
  it.each([0, 1, 200, 255, 256, 257, 700, 3_000])(
    "with %i documents, OR-ing into a bitset and counting candidates match the set, before and after writes that follow the first read",
    (size) => {
      const next = random(size + 1);
      const idSpace = Math.max(64, size * 2);
      const postings = new Postings();
      const truth = new Set<number>();
      while (truth.size < size) {
        const id = Math.floor(next() * idSpace);
        postings.add(id);
        truth.add(id);
      }
      const candidates = new Bitset(0);
      for (let id = 0; id < idSpace + 40; id++) if (next() < 0.4) candidates.add(id);
      const check = () => {
        const out = new Bitset(0);
        postings.orInto(out);
        expect([...out.ids()]).toEqual([...truth].sort((a, b) => a - b));
        expect(postings.countIn(candidates)).toBe(
          [...truth].filter((id) => candidates.has(id)).length,
        );
        expect(postings.size).toBe(truth.size);
      };
      check();
      // Writes after a read must reach the bitset that read built, including ids past its end.
      for (let i = 0; i < 300; i++) {
        const id = Math.floor(next() * (idSpace + 40));
        if (next() < 0.5) {
          postings.add(id);
          truth.add(id);
        } else {
          postings.delete(id);
          truth.delete(id);
        }
      }
      check();
    },
  );
});
