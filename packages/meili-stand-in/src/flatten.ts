import type { JsonObject, JsonValue } from "./json.js";
import { isObject } from "./json.js";

/**
 * A document seen the way Meilisearch's facet engine sees it: every dotted path with the
 * leaf values found under it (arrays flattened), plus whether the path exists at all, so
 * `a.b` on `{a: [{b: 1}, {b: 2}]}` yields [1, 2] and `{ "a.b": 3 }` is found too.
 */
export type FlatField = { values: JsonValue[]; raw: JsonValue[] };

export function flattenDocument(doc: JsonObject): Map<string, FlatField> {
  const out = new Map<string, FlatField>();
  const visit = (path: string, value: JsonValue): void => {
    let field = out.get(path);
    if (!field) {
      field = { values: [], raw: [] };
      out.set(path, field);
    }
    field.raw.push(value);
    pushLeaves(path, value, field.values, visit);
  };
  for (const [k, v] of Object.entries(doc)) visit(k, v);
  return out;
}

function pushLeaves(
  path: string,
  value: JsonValue,
  into: JsonValue[],
  visit: (path: string, value: JsonValue) => void,
): void {
  if (Array.isArray(value)) {
    for (const item of value) pushLeaves(path, item, into, visit);
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) visit(`${path}.${k}`, v);
  } else {
    into.push(value);
  }
}

/** True when `path` is `attr` itself or nested under it (Meilisearch's "faceted by"). */
export const isUnder = (path: string, attr: string): boolean =>
  attr === "*" || path === attr || path.startsWith(`${attr}.`);

/**
 * Keeps only the requested fields (dotted paths allowed) of a document, preserving the
 * document's own key order, as `attributesToRetrieve`/`fields`/`displayedAttributes` do.
 */
export function projectDocument(doc: JsonObject, fields: readonly string[] | null): JsonObject {
  if (fields === null || fields.includes("*")) return doc;
  return projectObject(doc, "", fields) ?? {};
}

function projectObject(
  obj: JsonObject,
  prefix: string,
  fields: readonly string[],
): JsonObject | null {
  const out: JsonObject = {};
  let any = false;
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (fields.some((f) => isUnder(path, f))) {
      out[k] = v;
      any = true;
    } else if (fields.some((f) => f.startsWith(`${path}.`))) {
      const nested = projectNested(v, path, fields);
      if (nested !== undefined) {
        out[k] = nested;
        any = true;
      }
    }
  }
  return any ? out : null;
}

function projectNested(
  v: JsonValue,
  path: string,
  fields: readonly string[],
): JsonValue | undefined {
  if (isObject(v)) return projectObject(v, path, fields) ?? undefined;
  if (Array.isArray(v)) {
    const items: JsonValue[] = [];
    for (const item of v) {
      const p = projectNested(item, path, fields);
      if (p !== undefined) items.push(p);
    }
    return items.length > 0 ? items : undefined;
  }
  return undefined;
}
