/**
 * Text normalisation. Facet strings follow milli's `normalize_facet` (trim, NFKD, lowercase)
 * so filter equality is case-insensitive like Meilisearch; search tokens additionally drop
 * combining marks so `q` is accent-insensitive.
 */
export const normalizeFacet = (s: string): string => s.trim().normalize("NFKD").toLowerCase();

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
