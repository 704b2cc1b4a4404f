/**
 * Property: for random documents and random filter expressions, the indexed evaluation
 * (parser + facet indexes + bitsets) equals a naive evaluation written here, document by
 * document, straight from the Meilisearch filter reference.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateFilter } from "./filter-evaluator.js";
import { parseFilter } from "./filter-parser.js";
import type { JsonObject, JsonValue } from "./json.js";
import { MeiliIndex } from "./meili-index.js";

type Doc = Record<string, unknown>;
type Pred = (d: Doc) => boolean;

const STRINGS = ["x", "X", "y", "é", "e\u0301", "10", "a b", "it's"];
const NUMBERS = [-1, 0, 1.5, 2, 10];

const scalar = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...NUMBERS),
  fc.boolean(),
  fc.constant(null),
);
const fieldValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.constant(""));
const docArb = fc.record(
  {
    a: fieldValue,
    b: fc.record({ c: fieldValue }, { requiredKeys: [] }),
    tags: fc.array(fc.constantFrom(...STRINGS), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/** Leaf values under a dotted path, arrays flattened, plus raw values and existence. */
function lookup(doc: Doc, path: string): { exists: boolean; raw: unknown[]; leaves: unknown[] } {
  let current: unknown[] = [doc];
  const raw: unknown[] = [];
  const parts = path.split(".");
  let exists = false;
  parts.forEach((part, i) => {
    const next: unknown[] = [];
    const expand = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(expand);
      else if (v !== null && typeof v === "object" && part in v) {
        const child = (v as Record<string, unknown>)[part];
        if (i === parts.length - 1) {
          exists = true;
          raw.push(child);
        }
        next.push(child);
      }
    };
    current.forEach(expand);
    current = next;
  });
  const leaves: unknown[] = [];
  const flat = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(flat);
    else if (v !== null && typeof v === "object") return;
    else leaves.push(v);
  };
  current.forEach(flat);
  return { exists, raw, leaves };
}

const norm = (s: string): string => s.trim().normalize("NFKD").toLowerCase();
const asNumber = (s: string): number | null => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : null);
/** A string leaf as a facet; "" is not one (Meilisearch does not index an empty string). */
const stringOf = (l: unknown): string | null =>
  (typeof l === "string" && l !== "") || typeof l === "boolean" ? String(l) : null;

function compare(l: unknown, v: string, ok: (c: number) => boolean): boolean {
  const n = asNumber(v);
  if (typeof l === "number") return n !== null && ok(l - n);
  const s = stringOf(l);
  if (s === null) return false;
  const a = norm(s);
  const b = norm(v);
  return ok(a < b ? -1 : a > b ? 1 : 0);
}

const quote = (v: string): string => `'${v.replace(/'/g, "\\'")}'`;
const valueArb = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...NUMBERS.map(String)),
  fc.constantFrom("true", "false"),
);
const attrArb = fc.constantFrom("a", "b.c", "tags", "b");

type Expr = { text: string; pred: Pred };

const leafArb: fc.Arbitrary<Expr> = fc.oneof(
  fc
    .tuple(attrArb, fc.constantFrom("=", "!=", ">", ">=", "<", "<="), valueArb)
    .map(([attr, op, v]): Expr => {
      const tests: Record<string, (c: number) => boolean> = {
        "=": (c) => c === 0,
        "!=": (c) => c === 0,
        ">": (c) => c > 0,
        ">=": (c) => c >= 0,
        "<": (c) => c < 0,
        "<=": (c) => c <= 0,
      };
      const test = tests[op] as (c: number) => boolean;
      const any: Pred = (d) => lookup(d, attr).leaves.some((l) => compare(l, v, test));
      return { text: `${attr} ${op} ${quote(v)}`, pred: op === "!=" ? (d) => !any(d) : any };
    }),
  fc.tuple(attrArb, valueArb, valueArb).map(
    ([attr, lo, hi]): Expr => ({
      text: `${attr} ${quote(lo)} TO ${quote(hi)}`,
      pred: (d) =>
        lookup(d, attr).leaves.some(
          (l) =>
            compare(l, lo, (c) => c >= 0) &&
            compare(l, hi, (c) => c <= 0) &&
            (typeof l !== "number" || (asNumber(lo) !== null && asNumber(hi) !== null)),
        ),
    }),
  ),
  fc
    .tuple(attrArb, fc.array(valueArb, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([attr, vs, not]): Expr => {
      const inList: Pred = (d) =>
        lookup(d, attr).leaves.some((l) => vs.some((v) => compare(l, v, (c) => c === 0)));
      return {
        text: `${attr} ${not ? "NOT IN" : "IN"} [${vs.map(quote).join(", ")}]`,
        pred: not ? (d) => !inList(d) : inList,
      };
    }),
  fc.tuple(attrArb, fc.boolean()).map(
    ([attr, not]): Expr => ({
      text: `${attr} ${not ? "NOT EXISTS" : "EXISTS"}`,
      pred: (d) => lookup(d, attr).exists !== not,
    }),
  ),
  fc.tuple(attrArb, fc.boolean()).map(
    ([attr, not]): Expr => ({
      text: `${attr} IS ${not ? "NOT NULL" : "NULL"}`,
      pred: (d) => lookup(d, attr).raw.some((r) => r === null) !== not,
    }),
  ),
  fc.tuple(attrArb, fc.boolean()).map(
    ([attr, not]): Expr => ({
      text: `${attr} IS ${not ? "NOT EMPTY" : "EMPTY"}`,
      pred: (d) =>
        lookup(d, attr).raw.some(
          (r) =>
            r === "" ||
            (Array.isArray(r) && r.length === 0) ||
            (r !== null &&
              typeof r === "object" &&
              !Array.isArray(r) &&
              Object.keys(r).length === 0),
        ) !== not,
    }),
  ),
);

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafArb,
    fc.tuple(tie("expr"), fc.constantFrom("AND", "OR"), tie("expr")).map(
      ([l, op, r]): Expr => ({
        text: `(${l.text}) ${op} (${r.text})`,
        pred: op === "AND" ? (d) => l.pred(d) && r.pred(d) : (d) => l.pred(d) || r.pred(d),
      }),
    ),
    tie("expr").map((e): Expr => ({ text: `NOT (${e.text})`, pred: (d) => !e.pred(d) })),
  ),
})).expr;

describe("filter evaluation (property)", () => {
  it("matches a naive per-document evaluation", () => {
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 25 }), exprArb, (docs, expr) => {
        const index = new MeiliIndex("prop", "id");
        index.updateSettings({ filterableAttributes: ["a", "b", "tags"] });
        const withIds = docs.map((d, i) => ({ id: i, ...d }) as JsonObject);
        if (withIds.length > 0) index.addDocuments(withIds, false, "id");
        const node = parseFilter(expr.text);
        const got = node
          ? [...evaluateFilter(node, index).ids()].filter((id) => index.live().has(id))
          : [];
        const expected = withIds.flatMap((d, i) =>
          expr.pred(d as Record<string, JsonValue>) ? [i] : [],
        );
        expect({ filter: expr.text, ids: got }).toEqual({ filter: expr.text, ids: expected });
      }),
      { numRuns: 400 },
    );
  });
});
