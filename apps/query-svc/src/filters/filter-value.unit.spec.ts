import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readMeiliQuoted } from "./__fixtures__/meili-quoted-value.js";
import { quoteFilterValue } from "./filter-value.js";

describe("quoteFilterValue", () => {
  it("double-quotes and escapes backslashes and double quotes only", () => {
    expect(quoteFilterValue("eu-west")).toBe('"eu-west"');
    expect(quoteFilterValue("")).toBe('""');
    expect(quoteFilterValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteFilterValue("a\\b")).toBe('"a\\\\b"');
    expect(quoteFilterValue('x\\" OR status = "completed')).toBe(
      '"x\\\\\\" OR status = \\"completed"',
    );
    expect(quoteFilterValue("it's [a], (b) IN TO NOT 👍")).toBe('"it\'s [a], (b) IN TO NOT 👍"');
  });

  it("reads back as exactly the value under Meilisearch's quoted-value grammar", () => {
    const hostileChar = fc.constantFrom(
      "\\",
      '"',
      "'",
      "n",
      " ",
      "]",
      ")",
      ",",
      "é",
      "\u0301",
      "👍",
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: hostileChar, maxLength: 12 }), fc.string({ unit: "binary" })),
        (value) => {
          expect(readMeiliQuoted(`${quoteFilterValue(value)} OR x = 1`)).toEqual({
            ok: true,
            value,
            rest: " OR x = 1",
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("needs the backslash escape: without it user text ends the value and is parsed as syntax", () => {
    const quoteOnly = (v: string): string => `"${v.replace(/"/g, '\\"')}"`;
    const payload = '\\" OR region = eu-west';
    expect(readMeiliQuoted(quoteOnly(payload))).toEqual({
      ok: true,
      value: "\\",
      rest: ' OR region = eu-west"',
    });
    expect(readMeiliQuoted(quoteFilterValue(payload))).toEqual({
      ok: true,
      value: payload,
      rest: "",
    });
  });
});
