import { assertIndexUid, indexView } from "./engine.js";
import { badRequest, unknownField } from "./errors.js";
import { isObject } from "./json.js";
import { authError, indexMatches } from "./keys.js";
import type { MeiliIndex } from "./meili-index.js";
import type { Route } from "./router.js";
import { expectBoolean, queryInt, typeError } from "./validate.js";

// The Meilisearch release whose behaviour the contract suite was last checked against.
const STAND_IN_VERSION = "1.50.0";

function page(url: URL, codePrefix: string): { offset: number; limit: number } {
  const offset = url.searchParams.get("offset");
  const limit = url.searchParams.get("limit");
  for (const k of url.searchParams.keys()) {
    if (k !== "offset" && k !== "limit") {
      throw badRequest(
        "bad_request",
        `Unknown parameter \`${k}\`: expected one of \`offset\`, \`limit\``,
      );
    }
  }
  return {
    offset: offset === null ? 0 : queryInt(`${codePrefix}_offset`, "offset", offset),
    limit: limit === null ? 20 : queryInt(`${codePrefix}_limit`, "limit", limit),
  };
}

function primaryKeyOf(body: Record<string, unknown>): string | null {
  const pk = body.primaryKey;
  if (pk === undefined || pk === null) return null;
  if (typeof pk !== "string")
    throw typeError("invalid_index_primary_key", ".primaryKey", "a string", pk);
  return pk;
}

function indexStats(i: MeiliIndex, indexing: boolean) {
  let raw = 0;
  for (const id of i.docIds()) raw += JSON.stringify(i.docById(id)).length;
  return {
    numberOfDocuments: i.size,
    rawDocumentDbSize: raw,
    avgDocumentSize: i.size === 0 ? 0 : Math.round(raw / i.size),
    isIndexing: indexing,
    numberOfEmbeddings: 0,
    numberOfEmbeddedDocuments: 0,
    fieldDistribution: i.fieldDistribution(),
  };
}

export const indexRoutes: Route[] = [
  {
    method: "GET",
    path: "/health",
    action: null,
    handler: () => ({ status: 200, body: { status: "available" } }),
  },
  {
    method: "GET",
    path: "/version",
    action: "version",
    handler: () => ({
      status: 200,
      body: {
        commitSha: "stand-in",
        commitDate: "2025-01-01T00:00:00Z",
        pkgVersion: STAND_IN_VERSION,
      },
    }),
  },
  {
    method: "GET",
    path: "/stats",
    action: "stats.get",
    handler: ({ engine, allowed }) => {
      const indexes: Record<string, unknown> = {};
      let size = 0;
      for (const [uid, i] of [...engine.indexes].sort(([a], [b]) => a.localeCompare(b))) {
        if (!indexMatches(allowed, uid)) continue;
        const s = indexStats(i, engine.tasks.isIndexing(uid));
        size += s.rawDocumentDbSize;
        indexes[uid] = s;
      }
      return {
        status: 200,
        body: {
          databaseSize: size,
          usedDatabaseSize: size,
          lastUpdate: engine.lastUpdate?.toISOString() ?? null,
          indexes,
        },
      };
    },
  },
  {
    method: "GET",
    path: "/indexes",
    action: "indexes.get",
    handler: ({ engine, url, allowed }) => {
      const { offset, limit } = page(url, "invalid_index");
      const all = [...engine.indexes.values()]
        .filter((i) => indexMatches(allowed, i.uid))
        .sort((a, b) => (a.uid < b.uid ? -1 : 1));
      return {
        status: 200,
        body: {
          results: all.slice(offset, offset + limit).map(indexView),
          offset,
          limit,
          total: all.length,
        },
      };
    },
  },
  {
    method: "POST",
    path: "/indexes",
    action: "indexes.create",
    handler: async ({ engine, body }) => {
      const b = await body();
      if (!isObject(b)) throw typeError("bad_request", "", "an object", b);
      for (const k of Object.keys(b))
        if (k !== "uid" && k !== "primaryKey") throw unknownField(k, ["uid", "primaryKey"]);
      if (b.uid === undefined) throw badRequest("missing_index_uid", "Missing field `uid`");
      if (typeof b.uid !== "string")
        throw typeError("invalid_index_uid", ".uid", "a string", b.uid);
      const uid = b.uid;
      assertIndexUid(uid, ".uid");
      const primaryKey = primaryKeyOf(b);
      const summary = engine.tasks.enqueue(uid, "indexCreation", { primaryKey }, () => {
        engine.createIndex(uid, primaryKey);
        return undefined;
      });
      return { status: 202, body: summary };
    },
  },
  {
    method: "GET",
    path: "/indexes/:uid",
    action: "indexes.get",
    handler: ({ engine, params }) => ({
      status: 200,
      body: indexView(engine.index(params.uid as string)),
    }),
  },
  {
    method: "PATCH",
    path: "/indexes/:uid",
    action: "indexes.update",
    handler: async ({ engine, params, body }) => {
      const uid = params.uid as string;
      const b = await body();
      if (!isObject(b)) throw typeError("bad_request", "", "an object", b);
      for (const k of Object.keys(b)) {
        if (k === "uid")
          throw badRequest(
            "stand_in_unsupported",
            "The Meilisearch stand-in does not support renaming an index through `PATCH /indexes/:uid` (use swap-indexes with `rename`).",
          );
        if (k !== "primaryKey") throw unknownField(k, ["primaryKey", "uid"]);
      }
      const primaryKey = primaryKeyOf(b);
      const summary = engine.tasks.enqueue(uid, "indexUpdate", { primaryKey }, () => {
        const i = engine.index(uid);
        if (primaryKey !== null && i.primaryKey !== primaryKey) {
          if (i.size > 0) {
            throw badRequest(
              "index_primary_key_already_exists",
              `Index \`${uid}\`: Index already has a primary key: \`${i.primaryKey}\`.`,
            );
          }
          i.primaryKey = primaryKey;
        }
        i.updatedAt = new Date();
        return undefined;
      });
      return { status: 202, body: summary };
    },
  },
  {
    method: "DELETE",
    path: "/indexes/:uid",
    action: "indexes.delete",
    handler: ({ engine, params }) => {
      const uid = params.uid as string;
      const summary = engine.tasks.enqueue(uid, "indexDeletion", { deletedDocuments: null }, () => {
        const i = engine.index(uid);
        engine.indexes.delete(uid);
        return { deletedDocuments: i.size };
      });
      return { status: 202, body: summary };
    },
  },
  {
    method: "GET",
    path: "/indexes/:uid/stats",
    action: "stats.get",
    handler: ({ engine, params }) => {
      const uid = params.uid as string;
      return { status: 200, body: indexStats(engine.index(uid), engine.tasks.isIndexing(uid)) };
    },
  },
  {
    method: "POST",
    path: "/swap-indexes",
    action: "indexes.swap",
    handler: async ({ engine, body, allowed }) => {
      const b = await body();
      if (!Array.isArray(b)) throw typeError("bad_request", "", "an array", b);
      const seen = new Set<string>();
      const pairs = b.map((item, i) => {
        if (!isObject(item)) throw typeError("bad_request", `[${i}]`, "an object", item);
        for (const k of Object.keys(item))
          if (k !== "indexes" && k !== "rename")
            throw unknownField(k, ["indexes", "rename"], `[${i}]`);
        const idx = item.indexes;
        if (!Array.isArray(idx) || idx.length !== 2 || idx.some((u) => typeof u !== "string")) {
          throw badRequest(
            "invalid_swap_indexes",
            `Invalid value at \`[${i}].indexes\`: Expected an array of two index uids, but found ${JSON.stringify(idx ?? null)}`,
          );
        }
        const [a, c] = idx as [string, string];
        for (const u of [a, c]) {
          assertIndexUid(u, `[${i}].indexes`);
          if (!indexMatches(allowed, u)) {
            throw authError.invalidKey();
          }
          if (seen.has(u)) {
            throw badRequest(
              "invalid_swap_duplicate_index_found",
              `Indexes must be declared only once during a swap. \`${u}\` was specified several times.`,
            );
          }
          seen.add(u);
        }
        const rename =
          item.rename === undefined
            ? false
            : expectBoolean("invalid_swap_rename", `[${i}].rename`, item.rename);
        return { indexes: [a, c] as [string, string], rename };
      });
      const summary = engine.tasks.enqueue(null, "indexSwap", { swaps: pairs }, () => {
        engine.swap(pairs);
        return undefined;
      });
      return { status: 202, body: summary };
    },
  },
];
