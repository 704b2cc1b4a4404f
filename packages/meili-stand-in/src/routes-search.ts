import { assertIndexUid } from "./engine.js";
import { badRequest, MeiliError, unknownField, unsupported } from "./errors.js";
import { isObject } from "./json.js";
import { authError, indexMatches } from "./keys.js";
import type { Route } from "./router.js";
import { executeSearch } from "./search.js";
import { parseSearchBody, parseSearchQueryString } from "./search-params.js";
import { typeError } from "./validate.js";

export const searchRoutes: Route[] = [
  {
    method: "POST",
    path: "/indexes/:uid/search",
    action: "search",
    handler: async ({ engine, params, body }) => {
      const index = engine.index(params.uid as string);
      const query = parseSearchBody(await body());
      return { status: 200, body: executeSearch(index, query) };
    },
  },
  {
    method: "GET",
    path: "/indexes/:uid/search",
    action: "search",
    handler: ({ engine, params, url }) => {
      const index = engine.index(params.uid as string);
      return { status: 200, body: executeSearch(index, parseSearchQueryString(url.searchParams)) };
    },
  },
  {
    method: "POST",
    path: "/multi-search",
    action: "search",
    handler: async ({ engine, body, allowed }) => {
      const b = await body();
      if (!isObject(b)) throw typeError("bad_request", "", "an object", b);
      for (const k of Object.keys(b)) {
        if (k === "federation") {
          if (b.federation !== null) throw unsupported("federated multi-search (`federation`)");
        } else if (k !== "queries") throw unknownField(k, ["queries", "federation"]);
      }
      if (b.queries === undefined)
        throw badRequest("missing_multi_search_queries", "Missing field `queries`");
      if (!Array.isArray(b.queries))
        throw typeError("invalid_multi_search_queries", ".queries", "an array", b.queries);
      const results = b.queries.map((raw, i) => {
        const prefix = `.queries[${i}]`;
        try {
          if (!isObject(raw)) throw typeError("bad_request", prefix, "an object", raw);
          if ("federationOptions" in raw) throw unsupported("`federationOptions` in multi-search");
          const uid = raw.indexUid;
          if (uid === undefined)
            throw badRequest(
              "missing_index_uid",
              `Missing field \`indexUid\` inside \`${prefix}\``,
            );
          if (typeof uid !== "string")
            throw typeError("invalid_index_uid", `${prefix}.indexUid`, "a string", uid);
          assertIndexUid(uid);
          if (!indexMatches(allowed, uid)) throw authError.invalidKey();
          const query = parseSearchBody(raw, prefix, ["indexUid"]);
          return { indexUid: uid, ...executeSearch(engine.index(uid), query) };
        } catch (e) {
          // Meilisearch names the failing query in the message and keeps the inner code, but
          // answers a missing index with 400 here (404 on the single-index route).
          if (e instanceof MeiliError && !e.message.includes(prefix)) {
            const status = e.code === "index_not_found" ? 400 : e.status;
            throw new MeiliError(status, e.code, `Inside \`${prefix}\`: ${e.message}`, e.type);
          }
          throw e;
        }
      });
      return { status: 200, body: { results } };
    },
  },
];
