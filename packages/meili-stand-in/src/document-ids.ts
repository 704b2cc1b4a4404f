import { badRequest, type MeiliError } from "./errors.js";
import type { JsonObject, JsonValue } from "./json.js";

/**
 * Primary-key inference as milli does it: the fields of the first document whose name ends
 * with `id` (case-insensitive); exactly one candidate is required.
 */
export function inferPrimaryKey(first: JsonObject | undefined): string {
  const candidates = first ? Object.keys(first).filter((k) => k.toLowerCase().endsWith("id")) : [];
  if (candidates.length === 1) return candidates[0] as string;
  if (candidates.length === 0) {
    throw badRequest(
      "index_primary_key_no_candidate_found",
      "The primary key inference failed as the engine did not find any field ending with `id` in its name. Please specify the primary key manually using the `primaryKey` query parameter.",
    );
  }
  throw badRequest(
    "index_primary_key_multiple_candidates_found",
    `The primary key inference failed as the engine found ${candidates.length} fields ending with \`id\` in their names: ${candidates
      .map((c) => `'${c}'`)
      .join(
        " and ",
      )}. Please specify the primary key manually using the \`primaryKey\` query parameter.`,
  );
}

const VALID_ID = /^[a-zA-Z0-9_-]+$/;

export const invalidDocumentId = (v: JsonValue): MeiliError =>
  badRequest(
    "invalid_document_id",
    `Document identifier \`${JSON.stringify(v)}\` is invalid. A document identifier can be of type integer or string, only composed of alphanumeric characters (a-z A-Z 0-9), hyphens (-) and underscores (_), and can not be more than 511 bytes.`,
  );

/** Integers and `[a-zA-Z0-9_-]{1,511}` strings; `1` and `"1"` name the same document. */
export function documentId(doc: JsonObject, primaryKey: string): string {
  const v = primaryKeyValue(doc, primaryKey);
  if (v === undefined) {
    throw badRequest(
      "missing_document_id",
      `Document doesn't have a \`${primaryKey}\` attribute: \`${JSON.stringify(doc)}\`.`,
    );
  }
  if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
  if (typeof v === "string" && VALID_ID.test(v) && Buffer.byteLength(v) <= 511) return v;
  throw invalidDocumentId(v);
}

/** Nested primary keys (`a.b`) are looked up through objects, as Meilisearch allows. */
function primaryKeyValue(doc: JsonObject, primaryKey: string): JsonValue | undefined {
  if (primaryKey in doc) return doc[primaryKey];
  let cur: JsonValue | undefined = doc;
  for (const part of primaryKey.split(".")) {
    if (typeof cur !== "object" || cur === null || Array.isArray(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Ids given to delete-batch / get-one: numbers or strings, validated like document ids. */
export function externalId(v: unknown): string | null {
  if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
  if (typeof v === "string") return v;
  return null;
}
