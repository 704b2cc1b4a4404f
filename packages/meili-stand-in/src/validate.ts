import { badRequest, type MeiliError } from "./errors.js";
import { describeJson } from "./json.js";

/**
 * deserr-style validation messages. Meilisearch names the JSON path (`.limit`,
 * `.queries[0].filter`) when the value sits in a body and drops it at the top level of a
 * sub-route body, so callers pass `""` for the latter.
 */
export const at = (path: string): string => (path ? ` at \`${path}\`` : "");

export const typeError = (code: string, path: string, expected: string, v: unknown): MeiliError =>
  badRequest(
    code,
    `Invalid value type${at(path)}: expected ${expected}, but found ${describeJson(v)}`,
  );

export const valueError = (code: string, path: string, message: string): MeiliError =>
  badRequest(code, `Invalid value${at(path)}: ${message}`);

export function expectStringArray(code: string, path: string, v: unknown): string[] {
  if (!Array.isArray(v)) throw typeError(code, path, "an array", v);
  return v.map((item, i) => {
    if (typeof item !== "string") throw typeError(code, `${path}[${i}]`, "a string", item);
    return item;
  });
}

export function expectNonNegativeInt(code: string, path: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    throw typeError(code, path, "a positive integer", v);
  }
  return v;
}

export function expectBoolean(code: string, path: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw typeError(code, path, "a boolean", v);
  return v;
}

/** Query-string numbers: `Invalid value in parameter \`limit\`: could not parse ...`. */
export function queryInt(code: string, name: string, raw: string): number {
  if (!/^\d+$/.test(raw)) {
    throw badRequest(
      code,
      `Invalid value in parameter \`${name}\`: could not parse \`${raw}\` as a positive integer`,
    );
  }
  return Number(raw);
}

export const csv = (raw: string): string[] =>
  raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
