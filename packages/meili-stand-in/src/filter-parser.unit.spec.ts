import { describe, expect, it } from "vitest";
import { MeiliError } from "./errors.js";
import { parseFilter, parseFilterString } from "./filter-parser.js";

const strip = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (k, x) => (k === "span" ? undefined : x)));
const parse = (s: string): unknown => strip(parseFilterString(s));

function errorOf(f: () => unknown): MeiliError {
  try {
    f();
  } catch (e) {
    if (e instanceof MeiliError) return e;
    throw e;
  }
  throw new Error("expected a MeiliError");
}

describe("filter parser: the grammar", () => {
  it("parses every comparison operator", () => {
    for (const op of ["=", "!=", ">", ">=", "<", "<="]) {
      expect(parse(`price ${op} 10`)).toEqual({ kind: "compare", attr: "price", op, value: "10" });
    }
    expect(parse("price>=10")).toEqual({ kind: "compare", attr: "price", op: ">=", value: "10" });
  });

  it("parses TO, EXISTS, IS NULL, IS EMPTY and IN with negations", () => {
    expect(parse("a 1 TO 5")).toEqual({ kind: "range", attr: "a", from: "1", to: "5" });
    expect(parse("a EXISTS")).toEqual({ kind: "exists", attr: "a" });
    expect(parse("a NOT EXISTS")).toEqual({ kind: "not", child: { kind: "exists", attr: "a" } });
    expect(parse("a IS NULL")).toEqual({ kind: "null", attr: "a" });
    expect(parse("a IS NOT NULL")).toEqual({ kind: "not", child: { kind: "null", attr: "a" } });
    expect(parse("a IS EMPTY")).toEqual({ kind: "empty", attr: "a" });
    expect(parse("a IS NOT EMPTY")).toEqual({ kind: "not", child: { kind: "empty", attr: "a" } });
    expect(parse("a IN [x, 'y z', \"w\",]")).toEqual({
      kind: "in",
      attr: "a",
      values: ["x", "y z", "w"],
    });
    expect(parse("a NOT IN [x]")).toEqual({
      kind: "not",
      child: { kind: "in", attr: "a", values: ["x"] },
    });
  });

  it("gives AND precedence over OR and honours parentheses and NOT", () => {
    expect(parse("a = 1 OR b = 2 AND c = 3")).toEqual({
      kind: "or",
      children: [
        { kind: "compare", attr: "a", op: "=", value: "1" },
        {
          kind: "and",
          children: [
            { kind: "compare", attr: "b", op: "=", value: "2" },
            { kind: "compare", attr: "c", op: "=", value: "3" },
          ],
        },
      ],
    });
    expect(parse("NOT (a = 1 OR b = 2)")).toEqual({
      kind: "not",
      child: {
        kind: "or",
        children: [
          { kind: "compare", attr: "a", op: "=", value: "1" },
          { kind: "compare", attr: "b", op: "=", value: "2" },
        ],
      },
    });
  });

  it("unescapes quoted values as Meilisearch does, and accepts dotted attributes", () => {
    expect(parse(`a.b = 'it\\'s'`)).toEqual({
      kind: "compare",
      attr: "a.b",
      op: "=",
      value: "it's",
    });
    expect(parse(`a = "say \\"hi\\""`)).toEqual({
      kind: "compare",
      attr: "a",
      op: "=",
      value: 'say "hi"',
    });
    // As Meilisearch: `\\` is one backslash, and an unknown escape is a malformed value.
    expect(parse(`a = 'back\\\\slash'`)).toEqual({
      kind: "compare",
      attr: "a",
      op: "=",
      value: "back\\slash",
    });
    expect(parse(`a = "ends with \\\\"`)).toMatchObject({ value: "ends with \\" });
    expect(parse(`a = "\\\\\\"q"`)).toMatchObject({ value: '\\"q' });
    expect(parse(`a = "caf\\u{e9}"`)).toMatchObject({ value: "café" });
    expect(() => parse(`a = 'back\\slash'`)).toThrow(/invalid escape/);
    expect(parse(`"release date" = 2020`)).toEqual({
      kind: "compare",
      attr: "release date",
      op: "=",
      value: "2020",
    });
  });
});

describe("filter parser: the array syntax and errors", () => {
  it("combines the array syntax: outer AND, inner OR; empty means no filter", () => {
    expect(strip(parseFilter(["a = 1", ["b = 2", "c = 3"]]))).toEqual({
      kind: "and",
      children: [
        { kind: "compare", attr: "a", op: "=", value: "1" },
        {
          kind: "or",
          children: [
            { kind: "compare", attr: "b", op: "=", value: "2" },
            { kind: "compare", attr: "c", op: "=", value: "3" },
          ],
        },
      ],
    });
    expect(parseFilter("  ")).toBeNull();
    expect(parseFilter([])).toBeNull();
  });

  it("reports syntax errors with Meilisearch's position suffix", () => {
    const e = errorOf(() => parseFilterString("title"));
    expect(e.code).toBe("invalid_search_filter");
    expect(e.message).toContain("Was expecting an operation");
    expect(e.message).toContain("\n1:6 title");
    expect(errorOf(() => parseFilterString("(a = 1")).message).toContain("closing delimiter: `)`");
    expect(errorOf(() => parseFilterString("a = 'x")).message).toContain("closing delimiter: `'`");
    expect(errorOf(() => parseFilterString("a = 1 b = 2")).message).toContain(
      "unexpected characters",
    );
    expect(errorOf(() => parseFilterString("a = AND")).message).toContain("reserved keyword");
    expect(errorOf(() => parseFilterString("a IN x")).message).toContain("Expected `[`");
    expect(errorOf(() => parseFilter(3)).message).toContain("expected String, Array");
    expect(errorOf(() => parseFilter([[1]])).code).toBe("invalid_search_filter");
    expect(errorOf(() => parseFilterString("a =", "invalid_document_filter")).code).toBe(
      "invalid_document_filter",
    );
  });
});
