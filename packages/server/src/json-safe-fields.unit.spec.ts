import { describe, expect, it } from "vitest";
import { jsonSafeFields } from "./json-safe-fields.js";

describe("log fields made JSON-safe", () => {
  it("passes flat fields through untouched (the access-log path copies nothing)", () => {
    const fields = { method: "GetOrder", code: "OK", durationMs: 1.5, ok: true, none: null };
    expect(jsonSafeFields(fields)).toBe(fields);
  });

  it("copies when needed, leaving the caller's object alone", () => {
    const fields = { position: 7n, msg: "mine", nested: { at: [1n] } };
    expect(jsonSafeFields(fields)).toEqual({ position: "7", nested: { at: ["1"] } });
    expect(fields.position).toBe(7n);
  });

  it("marks a cycle but not an object seen twice side by side", () => {
    const shared = { id: 1 };
    const cyclic: Record<string, unknown> = {};
    cyclic.again = cyclic;
    expect(jsonSafeFields({ a: shared, b: shared, cyclic })).toEqual({
      a: { id: 1 },
      b: { id: 1 },
      cyclic: { again: "[Circular]" },
    });
  });
});
