/**
 * Meilisearch document ids of orders: the projector escapes every character outside
 * [A-Za-z0-9-] as "_XX" (hex), so ids with "." or ":" are valid document ids. Same rule here.
 */
export function toDocumentId(value: string): string {
  return value.replace(
    /[^A-Za-z0-9-]/g,
    (c) => `_${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}
