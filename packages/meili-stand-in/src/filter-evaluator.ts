import { Bitset } from "./bitset.js";
import { badRequest } from "./errors.js";
import type { FacetField } from "./facet-field.js";
import { compareStrings } from "./facet-field.js";
import type { FilterLeaf, FilterNode } from "./filter-ast.js";
import { leaves, locate } from "./filter-ast.js";
import { isUnder } from "./flatten.js";
import { filterKey, normalizeFacet } from "./text.js";

/** What the evaluator needs from an index: its faceted paths and its live documents. */
export type FacetSource = {
  field(path: string): FacetField | undefined;
  live(): Bitset;
};

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** milli's `parse_finite_float`: Rust float syntax, finite values only. */
export function parseFiniteNumber(s: string): number | null {
  const t = s.trim();
  if (!NUMBER.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * Fails exactly where Meilisearch does: on the first attribute of the expression that is
 * neither declared filterable nor nested under a filterable attribute.
 */
export function assertFilterable(
  node: FilterNode,
  filterable: readonly string[],
  indexUid: string,
  code: string,
): void {
  for (const leaf of leaves(node)) {
    if (filterable.some((f) => isUnder(leaf.attr, f))) continue;
    const available =
      filterable.length === 0
        ? "This index does not have configured filterable attributes."
        : `Available filterable attribute patterns are: ${[...filterable]
            .sort()
            .map((f) => `\`${f}\``)
            .join(", ")}.`;
    throw badRequest(
      code,
      `Index \`${indexUid}\`: Attribute \`${leaf.attr}\` is not filterable. ${available}${locate(leaf.span)}`,
    );
  }
}

export function evaluateFilter(node: FilterNode, source: FacetSource): Bitset {
  switch (node.kind) {
    case "and": {
      let acc: Bitset | null = null;
      for (const c of node.children) {
        const r = evaluateFilter(c, source);
        if (acc === null) acc = r;
        else {
          acc.and(r);
          r.release();
        }
      }
      return acc ?? source.live().clone();
    }
    case "or": {
      const acc = scratch(source);
      for (const c of node.children) {
        const r = evaluateFilter(c, source);
        acc.or(r);
        r.release();
      }
      return acc;
    }
    case "not": {
      const inner = evaluateFilter(node.child, source);
      const out = source.live().clone().andNot(inner);
      inner.release();
      return out;
    }
    default:
      return evaluateLeaf(node, source);
  }
}

const scratch = (source: FacetSource): Bitset => Bitset.scratch(source.live().words.length);

function evaluateLeaf(leaf: FilterLeaf, source: FacetSource): Bitset {
  const field = source.field(leaf.attr);
  const out = scratch(source);
  if (leaf.kind === "compare" && leaf.op === "!=") {
    const eq = equal(field, leaf.value, out);
    const result = source.live().clone().andNot(eq);
    eq.release();
    return result;
  }
  if (!field) return out;
  switch (leaf.kind) {
    case "exists":
      return out.or(field.exists);
    case "null":
      return out.or(field.nulls);
    case "empty":
      return out.or(field.empties);
    case "in":
      for (const v of leaf.values) equal(field, v, out);
      return out;
    case "range":
      return range(field, leaf.from, true, leaf.to, true, out);
    case "compare":
      switch (leaf.op) {
        case "=":
          return equal(field, leaf.value, out);
        case ">":
          return range(field, leaf.value, false, null, false, out);
        case ">=":
          return range(field, leaf.value, true, null, false, out);
        case "<":
          return range(field, null, false, leaf.value, false, out);
        default:
          return range(field, null, false, leaf.value, true, out);
      }
  }
}

/** Adds the documents equal to `value` into `out`. */
function equal(field: FacetField | undefined, value: string, out: Bitset): Bitset {
  if (!field) return out;
  const key = filterKey(value);
  if (key !== undefined) field.strings.get(key)?.docs.orInto(out);
  const n = parseFiniteNumber(value);
  if (n !== null) field.numbers.get(n)?.orInto(out);
  return out;
}

/**
 * Comparison operators match numbers numerically (when the bound parses as a number) and,
 * since Meilisearch 1.15, strings lexicographically on their normalised form.
 */
function range(
  field: FacetField,
  from: string | null,
  fromIncl: boolean,
  to: string | null,
  toIncl: boolean,
  out: Bitset,
): Bitset {
  const nFrom = from === null ? Number.NEGATIVE_INFINITY : parseFiniteNumber(from);
  const nTo = to === null ? Number.POSITIVE_INFINITY : parseFiniteNumber(to);
  if (nFrom !== null && nTo !== null) {
    const { values, docs } = field.numberPairs();
    let i = lowerBound(values, nFrom, fromIncl);
    const end = lowerBound(values, nTo, !toIncl);
    for (; i < end; i++) out.add(docs[i] as number);
  }
  const keys = field.stringKeys();
  const sFrom = from === null ? null : normalizeFacet(from);
  const sTo = to === null ? null : normalizeFacet(to);
  let i = sFrom === null ? 0 : stringLowerBound(keys, sFrom, fromIncl);
  for (; i < keys.length; i++) {
    const k = keys[i] as string;
    if (sTo !== null) {
      const c = compareStrings(k, sTo);
      if (c > 0 || (c === 0 && !toIncl)) break;
    }
    field.strings.get(k)?.docs.orInto(out);
  }
  return out;
}

/** First index whose value is >= v (inclusive) or > v (exclusive). */
function lowerBound(values: Float64Array, v: number, inclusive: boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = values[mid] as number;
    if (inclusive ? x < v : x <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function stringLowerBound(keys: string[], v: string, inclusive: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareStrings(keys[mid] as string, v);
    if (inclusive ? c < 0 : c <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
