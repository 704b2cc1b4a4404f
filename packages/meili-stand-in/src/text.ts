/**
 * Text normalisation. Facet strings follow milli's `normalize_facet` (trim, NFKD, lowercase)
 * so filter equality is case-insensitive like Meilisearch; search tokens additionally drop
 * combining marks so `q` is accent-insensitive.
 */
export const normalizeFacet = (s: string): string => s.trim().normalize("NFKD").toLowerCase();

/** Bytes of a normalised facet string that milli keeps as its key (measured on 1.50). */
export const maxFacetKeyBytes = 468;
const utf8 = new TextEncoder();

/**
 * The key a document's facet string is indexed under: normalised, then cut to 468 UTF-8 bytes
 * at a character boundary, so longer values that share those bytes share the key. Undefined for
 * the empty string, which Meilisearch does not index at all (a whitespace-only one it does).
 */
export function facetKey(original: string): string | undefined {
  if (original === "") return undefined;
  const key = normalizeFacet(original);
  if (utf8.encode(key).length <= maxFacetKeyBytes) return key;
  let out = "";
  let bytes = 0;
  for (const ch of key) {
    const n = utf8.encode(ch).length;
    if (bytes + n > maxFacetKeyBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/**
 * The key a filter value looks up: normalised, never cut. Over 468 bytes it can equal no key,
 * which is why such a filter matches nothing on Meilisearch.
 */
export function filterKey(value: string): string | undefined {
  const key = normalizeFacet(value);
  return utf8.encode(key).length <= maxFacetKeyBytes ? key : undefined;
}

const COMBINING = /[\u0300-\u036f]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/u;

export const normalizeToken = (s: string): string =>
  s.normalize("NFKD").replace(COMBINING, "").toLowerCase();

export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const part of normalizeToken(text).split(SEPARATORS)) {
    if (part !== "") out.push(part);
  }
  return out;
}

/** Meilisearch formats facet numbers with Rust's `{}` for f64, which prints 3.0 as `3`. */
export const formatFacetNumber = (n: number): string => String(n);
