import { badRequest, unknownField, unsupported } from "./errors.js";

import { isObject } from "./json.js";
import { csv, expectNonNegativeInt, expectStringArray, queryInt, typeError } from "./validate.js";

export type SearchQuery = {
  q: string | null;
  offset: number | null;
  limit: number | null;
  page: number | null;
  hitsPerPage: number | null;
  filter: unknown;
  sort: string[] | null;
  facets: string[] | null;
  attributesToRetrieve: string[] | null;
  matchingStrategy: "last" | "all";
};

const SUPPORTED = [
  "q",
  "offset",
  "limit",
  "page",
  "hitsPerPage",
  "filter",
  "sort",
  "facets",
  "attributesToRetrieve",
  "matchingStrategy",
];

/** Real search parameters the stand-in does not implement: refused, never ignored. */
const UNSUPPORTED = [
  "vector",
  "hybrid",
  "retrieveVectors",
  "attributesToCrop",
  "cropLength",
  "cropMarker",
  "attributesToHighlight",
  "highlightPreTag",
  "highlightPostTag",
  "showMatchesPosition",
  "showRankingScore",
  "showRankingScoreDetails",
  "rankingScoreThreshold",
  "attributesToSearchOn",
  "distinct",
  "locales",
  "media",
  "personalize",
];

const ALL = [...SUPPORTED, ...UNSUPPORTED];

const rejectUnsupported = (key: string, value: unknown): void => {
  if (value === null || value === undefined || value === false) return;
  throw unsupported(`the \`${key}\` search parameter`);
};

function matchingStrategy(v: unknown, path: string): "last" | "all" {
  if (v === "last" || v === "all") return v;
  if (v === "frequency") throw unsupported("the `frequency` matching strategy");
  if (typeof v !== "string")
    throw typeError("invalid_search_matching_strategy", path, "a string", v);
  throw badRequest(
    "invalid_search_matching_strategy",
    `Unknown value \`${v}\` at \`${path}\`: expected one of \`last\`, \`all\`, \`frequency\``,
  );
}

/** Validates a JSON search body; `prefix` is `.queries[i]` inside multi-search. */
export function parseSearchBody(
  body: unknown,
  prefix = "",
  extra: readonly string[] = [],
): SearchQuery {
  if (!isObject(body)) throw typeError("bad_request", prefix, "an object", body);
  const q = emptyQuery();
  for (const [k, v] of Object.entries(body)) {
    const path = `${prefix}.${k}`;
    if (extra.includes(k)) continue;
    if (UNSUPPORTED.includes(k)) {
      rejectUnsupported(k, v);
      continue;
    }
    if (!SUPPORTED.includes(k)) throw unknownField(k, [...extra, ...ALL], prefix);
    if (v === null) continue;
    assign(q, k, v, path);
  }
  return q;
}

function assign(q: SearchQuery, k: string, v: unknown, path: string): void {
  switch (k) {
    case "q":
      if (typeof v !== "string") throw typeError("invalid_search_q", path, "a string", v);
      q.q = v;
      return;
    case "offset":
    case "limit":
    case "page":
      q[k] = expectNonNegativeInt(`invalid_search_${k}`, path, v);
      return;
    case "hitsPerPage":
      q.hitsPerPage = expectNonNegativeInt("invalid_search_hits_per_page", path, v);
      return;
    case "filter":
      q.filter = v;
      return;
    case "sort":
      q.sort = expectStringArray("invalid_search_sort", path, v);
      return;
    case "facets":
      q.facets = expectStringArray("invalid_search_facets", path, v);
      return;
    case "attributesToRetrieve":
      q.attributesToRetrieve = expectStringArray("invalid_search_attributes_to_retrieve", path, v);
      return;
    case "matchingStrategy":
      q.matchingStrategy = matchingStrategy(v, path);
      return;
  }
}

/** Validates `GET /indexes/:uid/search` query parameters (lists are comma-separated). */
export function parseSearchQueryString(params: URLSearchParams): SearchQuery {
  const q = emptyQuery();
  for (const [k, raw] of params) {
    if (UNSUPPORTED.includes(k)) {
      if (raw !== "false") rejectUnsupported(k, raw);
      continue;
    }
    switch (k) {
      case "q":
        q.q = raw;
        break;
      case "offset":
      case "limit":
      case "page":
        q[k] = queryInt(`invalid_search_${k}`, k, raw);
        break;
      case "hitsPerPage":
        q.hitsPerPage = queryInt("invalid_search_hits_per_page", k, raw);
        break;
      case "filter":
        q.filter = raw;
        break;
      case "sort":
        q.sort = csv(raw);
        break;
      case "facets":
        q.facets = csv(raw);
        break;
      case "attributesToRetrieve":
        q.attributesToRetrieve = csv(raw);
        break;
      case "matchingStrategy":
        q.matchingStrategy = matchingStrategy(raw, k);
        break;
      default:
        throw badRequest(
          "bad_request",
          `Unknown parameter \`${k}\`: expected one of ${ALL.map((a) => `\`${a}\``).join(", ")}`,
        );
    }
  }
  return q;
}

const emptyQuery = (): SearchQuery => ({
  q: null,
  offset: null,
  limit: null,
  page: null,
  hitsPerPage: null,
  filter: null,
  sort: null,
  facets: null,
  attributesToRetrieve: null,
  matchingStrategy: "last",
});
