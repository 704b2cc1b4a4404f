import { performance } from "node:perf_hooks";
import { Bitset } from "./bitset.js";
import { badRequest, unsupported } from "./errors.js";
import { computeFacets } from "./facets.js";
import { assertFilterable, evaluateFilter } from "./filter-evaluator.js";
import { parseFilter } from "./filter-parser.js";
import { isUnder, projectDocument } from "./flatten.js";
import type { JsonObject } from "./json.js";
import type { MeiliIndex, SortKey } from "./meili-index.js";
import type { SearchQuery } from "./search-params.js";
import { parseRankingRule } from "./settings.js";
import { tokenize } from "./text.js";

const SORT = /^(.+):(asc|desc)$/;

export function parseSort(index: MeiliIndex, sort: readonly string[]): SortKey[] {
  return sort.map((s) => {
    if (s.startsWith("_geoPoint(")) throw unsupported("geo sorting (`_geoPoint`)");
    const m = SORT.exec(s);
    if (!m?.[1]) {
      throw badRequest(
        "invalid_search_sort",
        `Invalid syntax for the sort parameter: expected expression ending by \`:asc\` or \`:desc\`, found \`${s}\`.`,
      );
    }
    const attr = m[1];
    const sortable = index.settings.sortableAttributes;
    if (!sortable.some((a) => isUnder(attr, a))) {
      const available =
        sortable.length === 0
          ? "This index does not have configured sortable attributes."
          : `Available sortable attributes are: ${[...sortable]
              .sort()
              .map((a) => `\`${a}\``)
              .join(", ")}.`;
      throw badRequest(
        "invalid_search_sort",
        `Index \`${index.uid}\`: Attribute \`${attr}\` is not sortable. ${available}`,
      );
    }
    return { attr, dir: m[2] as "asc" | "desc" };
  });
}

function resolveFacets(index: MeiliIndex, facets: readonly string[]): string[] {
  const filterable = index.settings.filterableAttributes;
  if (facets.includes("*")) return [...filterable].sort();
  for (const f of facets) {
    if (!filterable.some((a) => isUnder(f, a))) {
      const available =
        filterable.length === 0
          ? "This index does not have configured filterable attributes."
          : `Available filterable attributes patterns are: ${[...filterable]
              .sort()
              .map((a) => `\`${a}\``)
              .join(", ")}.`;
      throw badRequest(
        "invalid_search_facets",
        `Index \`${index.uid}\`: Invalid facet distribution: Attribute \`${f}\` is not filterable. ${available}`,
      );
    }
  }
  return [...facets];
}

/** Fields a hit exposes: `attributesToRetrieve` restricted to `displayedAttributes`. */
export function retrievable(
  index: MeiliIndex,
  requested: readonly string[] | null,
): string[] | null {
  const displayed = index.settings.displayedAttributes;
  const wanted = requested ?? ["*"];
  if (displayed.includes("*")) return wanted.includes("*") ? null : [...wanted];
  if (wanted.includes("*")) return displayed;
  return wanted.filter((w) => displayed.some((d) => isUnder(w, d)));
}

type Scored = { id: number; words: number; attribute: number; exact: number };

/**
 * Scores documents for `q`: every query word must match (the last one as a prefix);
 * with matchingStrategy `last`, documents matching only a leading subset follow, as in
 * Meilisearch. There is no typo tolerance, proximity is not scored.
 */
function matchWords(index: MeiliIndex, q: string, strategy: "last" | "all"): Map<number, Scored> {
  const terms = tokenize(q);
  const lastIsPrefix = !/[^\p{L}\p{N}]$/u.test(q);
  const words = index.wordIndex();
  const perTerm = terms.map((term, i) => {
    const hits = new Map<number, { rank: number; exact: boolean }>();
    const exact = words.exact(term);
    for (const [d, rank] of exact ?? []) hits.set(d, { rank, exact: true });
    if (i === terms.length - 1 && lastIsPrefix) {
      for (const t of words.withPrefix(term)) {
        if (t === term) continue;
        for (const [d, rank] of words.exact(t) ?? []) {
          const prev = hits.get(d);
          if (!prev) hits.set(d, { rank, exact: false });
          else if (!prev.exact && rank < prev.rank) prev.rank = rank;
        }
      }
    }
    return hits;
  });
  const out = new Map<number, Scored>();
  const first = perTerm[0];
  if (!first) return out;
  for (const [d, h] of first) {
    const s: Scored = { id: d, words: 1, attribute: h.rank, exact: h.exact ? 1 : 0 };
    for (let i = 1; i < perTerm.length; i++) {
      const m = perTerm[i]?.get(d);
      if (!m) break;
      s.words++;
      s.attribute = Math.min(s.attribute, m.rank);
      if (m.exact) s.exact++;
    }
    if (strategy === "all" && s.words < terms.length) continue;
    out.set(d, s);
  }
  return out;
}

export type SearchResult = JsonObject;

/** Which hits to return: offset/limit, or page/hitsPerPage, both cut at maxTotalHits. */
function hitWindow(query: SearchQuery, maxTotalHits: number) {
  const paged = query.page !== null || query.hitsPerPage !== null;
  const hitsPerPage = query.hitsPerPage ?? 20;
  const page = query.page ?? 1;
  let offset = paged ? (page === 0 ? 0 : (page - 1) * hitsPerPage) : (query.offset ?? 0);
  let limit = paged ? (page === 0 ? 0 : hitsPerPage) : (query.limit ?? 20);
  offset = Math.min(offset, maxTotalHits);
  limit = Math.min(limit, maxTotalHits - offset);
  return { paged, hitsPerPage, page, offset, limit };
}

type Window = ReturnType<typeof hitWindow>;
type Candidates = { candidates: Bitset; count: number; selected: number[] };

/** Without query words: the filtered documents in sort / custom-rule order, else insertion order. */
function placeholderSearch(
  index: MeiliIndex,
  filtered: Bitset | null,
  orderKeys: SortKey[],
  w: Window,
): Candidates {
  const candidates = filtered ?? index.live();
  const selected: number[] = [];
  let skipped = 0;
  const ids = orderKeys.length > 0 ? index.order(orderKeys) : index.docIds();
  for (const id of ids) {
    if (selected.length >= w.limit) break;
    if (filtered && !filtered.has(id)) continue;
    if (skipped < w.offset) skipped++;
    else selected.push(id);
  }
  return { candidates, count: candidates.count(), selected };
}

/** With query words: the matching documents ranked by the index's ranking rules. */
function rankedSearch(
  index: MeiliIndex,
  query: SearchQuery,
  filtered: Bitset | null,
  sortKeys: SortKey[],
  orderKeys: SortKey[],
  w: Window,
): Candidates {
  const scored = [...matchWords(index, query.q ?? "", query.matchingStrategy).values()].filter(
    (s) => !filtered || filtered.has(s.id),
  );
  const ranks = orderKeys.map((k) => ({ key: k, rank: index.rankOf(k) }));
  const bySortKeys = (a: Scored, b: Scored, keys: SortKey[]): number => {
    for (const k of keys) {
      const r = ranks.find((x) => x.key === k || (x.key.attr === k.attr && x.key.dir === k.dir));
      const d = r ? (r.rank[a.id] as number) - (r.rank[b.id] as number) : 0;
      if (d !== 0) return d;
    }
    return 0;
  };
  const cmp = (a: Scored, b: Scored): number => {
    for (const rule of index.settings.rankingRules) {
      let d = 0;
      if (rule === "words") d = b.words - a.words;
      else if (rule === "attribute" || rule === "attributeRank") d = a.attribute - b.attribute;
      else if (rule === "exactness") d = b.exact - a.exact;
      else if (rule === "sort") d = bySortKeys(a, b, sortKeys);
      else if (parseRankingRule(rule)) d = bySortKeys(a, b, [parseRankingRule(rule) as SortKey]);
      if (d !== 0) return d;
    }
    return a.id - b.id;
  };
  scored.sort(cmp);
  const candidates = new Bitset(index.idSpace);
  for (const s of scored) candidates.add(s.id);
  const selected = scored.slice(w.offset, w.offset + w.limit).map((s) => s.id);
  return { candidates, count: scored.length, selected };
}

export function executeSearch(
  index: MeiliIndex,
  query: SearchQuery,
  filterCode = "invalid_search_filter",
): SearchResult {
  const started = performance.now();
  const sortKeys = query.sort ? parseSort(index, query.sort) : [];
  const facetAttrs = query.facets ? resolveFacets(index, query.facets) : null;
  const filterNode = parseFilter(query.filter, filterCode);
  if (filterNode)
    assertFilterable(filterNode, index.settings.filterableAttributes, index.uid, filterCode);
  const filtered = filterNode ? evaluateFilter(filterNode, index) : null;
  const fields = retrievable(index, query.attributesToRetrieve);

  // Ranking rules in order; on a placeholder search only `sort` and custom rules order hits.
  const orderKeys: SortKey[] = [];
  for (const rule of index.settings.rankingRules) {
    if (rule === "sort") orderKeys.push(...sortKeys);
    const custom = parseRankingRule(rule);
    if (custom) orderKeys.push(custom);
  }

  const { maxTotalHits } = index.settings.pagination;
  const w = hitWindow(query, maxTotalHits);
  const q = query.q ?? "";
  const { candidates, count, selected } =
    tokenize(q).length === 0
      ? placeholderSearch(index, filtered, orderKeys, w)
      : rankedSearch(index, query, filtered, sortKeys, orderKeys, w);

  const hits = selected.map((id) => projectDocument(index.docById(id) as JsonObject, fields));
  // Totals stay exact past maxTotalHits (as on Meilisearch 1.50); only the hits stop there.
  const total = count;
  const result: JsonObject = { hits, query: q, processingTimeMs: 0 };
  if (w.paged) {
    result.hitsPerPage = w.hitsPerPage;
    result.page = w.page;
    result.totalPages = w.hitsPerPage === 0 ? 0 : Math.ceil(total / w.hitsPerPage);
    result.totalHits = total;
  } else {
    result.limit = query.limit ?? 20;
    result.offset = query.offset ?? 0;
    result.estimatedTotalHits = total;
  }
  if (facetAttrs) {
    const all = candidates === index.live();
    const f = computeFacets(index, facetAttrs, candidates, all);
    result.facetDistribution = f.facetDistribution;
    result.facetStats = f.facetStats;
  }
  filtered?.release();
  result.processingTimeMs = Math.floor(performance.now() - started);
  return result;
}
