import { badRequest, unknownField, unsupported } from "./errors.js";
import type { JsonObject, JsonValue } from "./json.js";
import { isObject } from "./json.js";
import { expectNonNegativeInt, expectStringArray, typeError, valueError } from "./validate.js";

export type FacetOrder = "alpha" | "count";

export type Settings = {
  displayedAttributes: string[];
  searchableAttributes: string[];
  filterableAttributes: string[];
  sortableAttributes: string[];
  rankingRules: string[];
  pagination: { maxTotalHits: number };
  faceting: { maxValuesPerFacet: number; sortFacetValuesBy: Record<string, FacetOrder> };
};

/** Meilisearch 1.50's defaults: `attribute` is split into `attributeRank` and `wordPosition`. */
export const DEFAULT_RANKING_RULES = [
  "words",
  "typo",
  "proximity",
  "attributeRank",
  "sort",
  "wordPosition",
  "exactness",
] as const;
/** Built-in rules accepted in a custom list: the defaults and the older `attribute`. */
const BUILT_IN_RULES: readonly string[] = [...DEFAULT_RANKING_RULES, "attribute"];

export const defaultSettings = (): Settings => ({
  displayedAttributes: ["*"],
  searchableAttributes: ["*"],
  filterableAttributes: [],
  sortableAttributes: [],
  rankingRules: [...DEFAULT_RANKING_RULES],
  pagination: { maxTotalHits: 1000 },
  faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { "*": "alpha" } },
});

/**
 * Settings whose default the stand-in honours (no stop words, no synonyms...). They are
 * reported and accept their default value; anything else is refused as unsupported.
 */
const INERT: Record<string, JsonValue> = {
  stopWords: [],
  nonSeparatorTokens: [],
  separatorTokens: [],
  dictionary: [],
  synonyms: {},
  distinctAttribute: null,
};

/** Real Meilisearch settings the stand-in does not implement at all. */
const UNSUPPORTED = [
  "typoTolerance",
  "proximityPrecision",
  "embedders",
  "searchCutoffMs",
  "localizedAttributes",
  "facetSearch",
  "prefixSearch",
  "chat",
  "vectorStore",
  "foreignKeys",
];

export type SettingName = keyof Settings | keyof typeof INERT;

/** Sub-route segment -> setting name, for `/indexes/:uid/settings/<segment>`. */
export const SETTING_ROUTES: Record<string, { name: SettingName; method: "PUT" | "PATCH" }> = {
  "displayed-attributes": { name: "displayedAttributes", method: "PUT" },
  "searchable-attributes": { name: "searchableAttributes", method: "PUT" },
  "filterable-attributes": { name: "filterableAttributes", method: "PUT" },
  "sortable-attributes": { name: "sortableAttributes", method: "PUT" },
  "ranking-rules": { name: "rankingRules", method: "PUT" },
  pagination: { name: "pagination", method: "PATCH" },
  faceting: { name: "faceting", method: "PATCH" },
  "stop-words": { name: "stopWords", method: "PUT" },
  "non-separator-tokens": { name: "nonSeparatorTokens", method: "PUT" },
  "separator-tokens": { name: "separatorTokens", method: "PUT" },
  dictionary: { name: "dictionary", method: "PUT" },
  synonyms: { name: "synonyms", method: "PUT" },
  "distinct-attribute": { name: "distinctAttribute", method: "PUT" },
};

export const UNSUPPORTED_SETTING_ROUTES = [
  "typo-tolerance",
  "proximity-precision",
  "embedders",
  "search-cutoff-ms",
  "localized-attributes",
  "facet-search",
  "prefix-search",
  "chat",
  "foreign-keys",
];

const KNOWN = [
  "displayedAttributes",
  "searchableAttributes",
  "filterableAttributes",
  "sortableAttributes",
  "rankingRules",
  "stopWords",
  "nonSeparatorTokens",
  "separatorTokens",
  "dictionary",
  "synonyms",
  "distinctAttribute",
  "proximityPrecision",
  "typoTolerance",
  "faceting",
  "pagination",
  "embedders",
  "searchCutoffMs",
  "localizedAttributes",
  "facetSearch",
  "prefixSearch",
  "chat",
  "vectorStore",
  "foreignKeys",
];

const codeFor = (name: string): string =>
  `invalid_settings_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;

/** A validated partial update; `null` values mean "reset to default". */
export type SettingsPatch = Partial<Record<SettingName, JsonValue>>;

const RULE = /^([^:]+):(asc|desc)$/;

export function validateSetting(name: SettingName, value: unknown, path: string): JsonValue {
  const code = codeFor(name);
  if (value === null) return null;
  switch (name) {
    case "displayedAttributes":
    case "searchableAttributes":
    case "sortableAttributes":
      return expectStringArray(code, path, value);
    case "filterableAttributes":
      if (Array.isArray(value) && value.some((v) => isObject(v))) {
        throw unsupported("filterable attribute patterns with features (object syntax)");
      }
      return expectStringArray(code, path, value);
    case "rankingRules": {
      const rules = expectStringArray(code, path, value);
      rules.forEach((r, i) => {
        if (!BUILT_IN_RULES.includes(r) && !RULE.test(r)) {
          throw valueError(
            code,
            `${path}[${i}]`,
            `\`${r}\` ranking rule is invalid. Valid ranking rules are words, typo, sort, proximity, attribute, exactness and custom ranking rules.`,
          );
        }
      });
      return rules;
    }
    case "pagination":
      return validateObject(code, path, value, {
        maxTotalHits: (v, p) => expectNonNegativeInt(code, p, v),
      });
    case "faceting":
      return validateObject(code, path, value, {
        maxValuesPerFacet: (v, p) => expectNonNegativeInt(code, p, v),
        sortFacetValuesBy: (v, p) => {
          if (!isObject(v)) throw typeError(code, p, "an object", v);
          for (const [k, order] of Object.entries(v)) {
            if (order !== "alpha" && order !== "count") {
              throw valueError(
                code,
                `${p}.${k}`,
                `Unknown value \`${String(order)}\`: expected one of \`alpha\`, \`count\``,
              );
            }
          }
          return v;
        },
      });
    default: {
      const inert = INERT[name];
      if (JSON.stringify(value) !== JSON.stringify(inert)) {
        throw unsupported(
          `the \`${name}\` setting (only its default ${JSON.stringify(inert)} is accepted)`,
        );
      }
      return value as JsonValue;
    }
  }
}

function validateObject(
  code: string,
  path: string,
  value: unknown,
  fields: Record<string, (v: unknown, path: string) => JsonValue>,
): JsonObject {
  if (!isObject(value)) throw typeError(code, path, "an object", value);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const check = fields[k];
    if (!check) throw unknownField(k, Object.keys(fields), path);
    out[k] = v === null ? null : check(v, `${path}.${k}`);
  }
  return out;
}

/** Validates a whole `PATCH /settings` body. */
export function validateSettingsBody(body: unknown): SettingsPatch {
  if (!isObject(body)) throw typeError("bad_request", "", "an object", body);
  const patch: SettingsPatch = {};
  for (const [k, v] of Object.entries(body)) {
    if (UNSUPPORTED.includes(k)) throw unsupported(`the \`${k}\` setting`);
    if (!KNOWN.includes(k)) throw unknownField(k, KNOWN);
    patch[k as SettingName] = validateSetting(k as SettingName, v, `.${k}`);
  }
  return patch;
}

export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const next: Settings = structuredClone(current);
  const defaults = defaultSettings();
  for (const [k, v] of Object.entries(patch)) {
    switch (k) {
      case "displayedAttributes":
      case "searchableAttributes":
      case "filterableAttributes":
      case "sortableAttributes":
      case "rankingRules":
        next[k] = v === null ? defaults[k] : (v as string[]);
        break;
      case "pagination":
        next.pagination =
          v === null ? defaults.pagination : { ...next.pagination, ...(v as object) };
        break;
      case "faceting": {
        if (v === null) next.faceting = defaults.faceting;
        else {
          const f = v as Partial<Settings["faceting"]>;
          if (f.maxValuesPerFacet !== undefined && f.maxValuesPerFacet !== null) {
            next.faceting.maxValuesPerFacet = f.maxValuesPerFacet;
          }
          if (f.sortFacetValuesBy) {
            next.faceting.sortFacetValuesBy = {
              ...next.faceting.sortFacetValuesBy,
              ...f.sortFacetValuesBy,
            };
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return next;
}

export function settingsView(s: Settings): JsonObject {
  return {
    displayedAttributes: s.displayedAttributes,
    searchableAttributes: s.searchableAttributes,
    filterableAttributes: s.filterableAttributes,
    sortableAttributes: s.sortableAttributes,
    rankingRules: s.rankingRules,
    ...INERT,
    faceting: s.faceting,
    pagination: s.pagination,
  };
}

export function settingValue(s: Settings, name: SettingName): JsonValue {
  const v = settingsView(s)[name];
  if (v === undefined) throw badRequest("bad_request", `Unknown setting ${name}`);
  return v;
}

/** Attributes that need a facet index: filterable, sortable and custom ranking rules. */
export function facetedAttributes(s: Settings): string[] {
  const custom = s.rankingRules.flatMap((r) => {
    const m = RULE.exec(r);
    return m?.[1] ? [m[1]] : [];
  });
  return [...new Set([...s.filterableAttributes, ...s.sortableAttributes, ...custom])];
}

export const parseRankingRule = (r: string): { attr: string; dir: "asc" | "desc" } | null => {
  const m = RULE.exec(r);
  return m?.[1] ? { attr: m[1], dir: m[2] as "asc" | "desc" } : null;
};
