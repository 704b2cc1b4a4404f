// Log fields as JSON can carry them: bigints (positions, versions) become decimal strings and
// Errors {name, message, stack}, at any depth; the envelope's keys cannot be overridden.
import type { LogFields } from "./logger.js";

const ENVELOPE = new Set(["time", "level", "service", "msg"]);

/** The same object when it needs nothing (the common case: flat strings and numbers). */
export function jsonSafeFields(fields: LogFields): LogFields {
  for (const key in fields) {
    const value = fields[key];
    if (
      ENVELOPE.has(key) ||
      typeof value === "bigint" ||
      (typeof value === "object" && value !== null)
    ) {
      return copySafe(fields);
    }
  }
  return fields;
}

function copySafe(fields: LogFields): LogFields {
  const out: LogFields = {};
  const path = new Set<object>();
  for (const [key, value] of Object.entries(fields)) {
    if (!ENVELOPE.has(key)) out[key] = jsonSafe(value, path);
  }
  return out;
}

function jsonSafe(value: unknown, path: Set<object>): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Error)
    return { name: value.name, message: value.message, stack: value.stack };
  // Dates, Buffers and the like say how they serialise themselves.
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
  if (path.has(value)) return "[Circular]";
  path.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => jsonSafe(v, path));
    const out: LogFields = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v, path);
    return out;
  } finally {
    path.delete(value);
  }
}
