export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Describes a value the way Meilisearch's deserializer (deserr) does in type errors. */
export function describeJson(v: unknown): string {
  const shown = JSON.stringify(v);
  if (v === null) return "null";
  if (typeof v === "string") return `a string: \`${shown}\``;
  if (typeof v === "boolean") return `a boolean: \`${shown}\``;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) return `a float: \`${shown}\``;
    return v < 0 ? `a negative integer: \`${shown}\`` : `a positive integer: \`${shown}\``;
  }
  if (Array.isArray(v)) return `a sequence: \`${shown}\``;
  return `a map: \`${shown}\``;
}

/** Parses JSON while keeping the engine's message, which Meilisearch echoes back. */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
