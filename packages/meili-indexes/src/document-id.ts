/**
 * Meilisearch document ids allow only [A-Za-z0-9_-]. Order and product ids may also hold "." and
 * ":", so they are escaped with "_" as the escape character (itself escaped): reversible, and
 * the identity for UUIDs and plain ids.
 */
export function toDocumentId(value: string): string {
  return value.replace(
    /[^A-Za-z0-9-]/g,
    (c) => `_${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

export function fromDocumentId(id: string): string {
  return id.replace(/_([0-9A-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** Ids of aggregate documents: their key parts, each escaped, joined with "__". */
export function compositeId(...parts: string[]): string {
  return parts.map(toDocumentId).join("__");
}
