import { documentId, externalId } from "./document-ids.js";
import { badRequest, MeiliError, unknownField, unsupported } from "./errors.js";
import type { FilterNode } from "./filter-ast.js";
import { assertFilterable, evaluateFilter } from "./filter-evaluator.js";
import { parseFilter } from "./filter-parser.js";
import { projectDocument } from "./flatten.js";
import type { JsonObject } from "./json.js";
import { isObject } from "./json.js";
import type { MeiliIndex } from "./meili-index.js";
import type { Route } from "./router.js";
import { parseSort } from "./search.js";
import { csv, expectNonNegativeInt, expectStringArray, queryInt, typeError } from "./validate.js";

const FILTER_CODE = "invalid_document_filter";

type Fetch = {
  offset: number;
  limit: number;
  fields: string[] | null;
  filter: FilterNode | null;
  ids: string[] | null;
  sort: string[] | null;
};

function fetchDocuments(index: MeiliIndex, f: Fetch) {
  if (f.filter)
    assertFilterable(f.filter, index.settings.filterableAttributes, index.uid, FILTER_CODE);
  const filtered = f.filter ? evaluateFilter(f.filter, index) : null;
  let ids: Iterable<number> = index.docIds();
  if (f.sort) {
    try {
      ids = index.order(parseSort(index, f.sort));
    } catch (e) {
      if (e instanceof MeiliError) throw badRequest("invalid_document_sort", e.message);
      throw e;
    }
  }
  const wanted = f.ids ? new Set(f.ids) : null;
  const results: JsonObject[] = [];
  let total = 0;
  for (const id of ids) {
    if (filtered && !filtered.has(id)) continue;
    const doc = index.docById(id) as JsonObject;
    if (wanted && index.primaryKey !== null && !wanted.has(documentId(doc, index.primaryKey)))
      continue;
    if (total >= f.offset && results.length < f.limit) results.push(projectDocument(doc, f.fields));
    total++;
  }
  return { results, offset: f.offset, limit: f.limit, total };
}

function rejectVectors(v: unknown): void {
  if (v === true || v === "true") throw unsupported("`retrieveVectors`");
}

function documentsPayload(body: unknown): JsonObject[] {
  const docs = Array.isArray(body) ? body : [body];
  for (const d of docs) {
    if (!isObject(d)) {
      throw new MeiliError(
        400,
        "malformed_payload",
        "The `json` payload provided is malformed. `Couldn't serialize document value: data are neither an object nor a list of objects`.",
      );
    }
  }
  return docs as JsonObject[];
}

function addRoute(method: "POST" | "PUT"): Route {
  return {
    method,
    path: "/indexes/:uid/documents",
    action: "documents.add",
    handler: async ({ engine, params, url, body }) => {
      const uid = params.uid as string;
      let primaryKey: string | null = null;
      for (const [k, v] of url.searchParams) {
        if (k === "primaryKey") primaryKey = v;
        else if (k === "csvDelimiter" || k === "customMetadata" || k === "skipCreation") {
          throw unsupported(`the \`${k}\` parameter of document addition`);
        } else {
          throw badRequest(
            "bad_request",
            `Unknown parameter \`${k}\`: expected one of \`primaryKey\`, \`csvDelimiter\`, \`customMetadata\`, \`skipCreation\``,
          );
        }
      }
      const docs = documentsPayload(await body("documents"));
      const summary = engine.tasks.enqueue(
        uid,
        "documentAdditionOrUpdate",
        { receivedDocuments: docs.length, indexedDocuments: null },
        () => {
          const existed = engine.indexes.has(uid);
          const index = engine.indexOrCreate(uid);
          try {
            const n = index.addDocuments(docs, method === "PUT", primaryKey);
            return { receivedDocuments: docs.length, indexedDocuments: n };
          } catch (e) {
            if (!existed && index.size === 0) engine.indexes.delete(uid);
            throw e;
          }
        },
      );
      return { status: 202, body: summary };
    },
  };
}

const DOC_QUERY = ["offset", "limit", "fields", "retrieveVectors", "filter", "sort", "ids"];

export const documentRoutes: Route[] = [
  {
    method: "GET",
    path: "/indexes/:uid/documents",
    action: "documents.get",
    handler: ({ engine, params, url }) => {
      const index = engine.index(params.uid as string);
      const f: Fetch = { offset: 0, limit: 20, fields: null, filter: null, ids: null, sort: null };
      for (const [k, v] of url.searchParams) {
        if (k === "offset") f.offset = queryInt("invalid_document_offset", k, v);
        else if (k === "limit") f.limit = queryInt("invalid_document_limit", k, v);
        else if (k === "fields") f.fields = csv(v);
        else if (k === "filter") f.filter = parseFilter(v, FILTER_CODE);
        else if (k === "ids") f.ids = csv(v);
        else if (k === "sort") f.sort = csv(v);
        else if (k === "retrieveVectors") rejectVectors(v);
        else {
          throw badRequest(
            "bad_request",
            `Unknown parameter \`${k}\`: expected one of ${DOC_QUERY.map((q) => `\`${q}\``).join(", ")}`,
          );
        }
      }
      return { status: 200, body: fetchDocuments(index, f) };
    },
  },
  {
    method: "POST",
    path: "/indexes/:uid/documents/fetch",
    action: "documents.get",
    handler: async ({ engine, params, body }) => {
      const index = engine.index(params.uid as string);
      const b = await body();
      if (!isObject(b)) throw typeError("bad_request", "", "an object", b);
      const f: Fetch = { offset: 0, limit: 20, fields: null, filter: null, ids: null, sort: null };
      for (const [k, v] of Object.entries(b)) {
        if (v === null) continue;
        if (k === "offset")
          f.offset = expectNonNegativeInt("invalid_document_offset", ".offset", v);
        else if (k === "limit")
          f.limit = expectNonNegativeInt("invalid_document_limit", ".limit", v);
        else if (k === "fields")
          f.fields = expectStringArray("invalid_document_fields", ".fields", v);
        else if (k === "filter") f.filter = parseFilter(v, FILTER_CODE);
        else if (k === "sort") f.sort = expectStringArray("invalid_document_sort", ".sort", v);
        else if (k === "ids") {
          if (!Array.isArray(v)) throw typeError("invalid_document_ids", ".ids", "an array", v);
          f.ids = v.map((x, i) => {
            const id = externalId(x);
            if (id === null)
              throw typeError("invalid_document_ids", `.ids[${i}]`, "a string or an integer", x);
            return id;
          });
        } else if (k === "retrieveVectors") rejectVectors(v);
        else throw unknownField(k, DOC_QUERY);
      }
      return { status: 200, body: fetchDocuments(index, f) };
    },
  },
  {
    method: "GET",
    path: "/indexes/:uid/documents/:id",
    action: "documents.get",
    handler: ({ engine, params, url }) => {
      const index = engine.index(params.uid as string);
      let fields: string[] | null = null;
      for (const [k, v] of url.searchParams) {
        if (k === "fields") fields = csv(v);
        else if (k === "retrieveVectors") rejectVectors(v);
        else
          throw badRequest(
            "bad_request",
            `Unknown parameter \`${k}\`: expected one of \`fields\`, \`retrieveVectors\``,
          );
      }
      const doc = index.get(params.id as string);
      if (!doc)
        throw new MeiliError(404, "document_not_found", `Document \`${params.id}\` not found.`);
      return { status: 200, body: projectDocument(doc, fields) };
    },
  },
  addRoute("POST"),
  addRoute("PUT"),
  {
    method: "DELETE",
    path: "/indexes/:uid/documents/:id",
    action: "documents.delete",
    handler: ({ engine, params }) => {
      const uid = params.uid as string;
      const id = params.id as string;
      const summary = engine.tasks.enqueue(
        uid,
        "documentDeletion",
        { providedIds: 1, deletedDocuments: null, originalFilter: null },
        () => ({
          providedIds: 1,
          deletedDocuments: engine.index(uid).deleteIds([id]),
          originalFilter: null,
        }),
      );
      return { status: 202, body: summary };
    },
  },
  {
    method: "POST",
    path: "/indexes/:uid/documents/delete-batch",
    action: "documents.delete",
    handler: async ({ engine, params, body }) => {
      const uid = params.uid as string;
      const b = await body();
      if (!Array.isArray(b)) throw typeError("bad_request", "", "an array", b);
      const ids = b.map((x, i) => {
        const id = externalId(x);
        if (id === null) throw typeError("bad_request", `[${i}]`, "a string or an integer", x);
        return id;
      });
      const summary = engine.tasks.enqueue(
        uid,
        "documentDeletion",
        { providedIds: ids.length, deletedDocuments: null, originalFilter: null },
        () => ({
          providedIds: ids.length,
          deletedDocuments: engine.index(uid).deleteIds(ids),
          originalFilter: null,
        }),
      );
      return { status: 202, body: summary };
    },
  },
  {
    method: "POST",
    path: "/indexes/:uid/documents/delete",
    action: "documents.delete",
    handler: async ({ engine, params, body }) => {
      const uid = params.uid as string;
      const b = await body();
      if (!isObject(b)) throw typeError("bad_request", "", "an object", b);
      for (const k of Object.keys(b)) if (k !== "filter") throw unknownField(k, ["filter"]);
      if (b.filter === undefined || b.filter === null) {
        throw badRequest("missing_document_filter", "Missing field `filter`");
      }
      const node = parseFilter(b.filter, FILTER_CODE);
      const originalFilter = JSON.stringify(b.filter);
      const summary = engine.tasks.enqueue(
        uid,
        "documentDeletion",
        { providedIds: 0, deletedDocuments: null, originalFilter },
        () => {
          const index = engine.index(uid);
          let deleted = 0;
          if (node) {
            assertFilterable(node, index.settings.filterableAttributes, uid, FILTER_CODE);
            deleted = index.deleteInternal(
              [...evaluateFilter(node, index).ids()].filter((id) => index.live().has(id)),
            );
          }
          return { providedIds: 0, deletedDocuments: deleted, originalFilter };
        },
      );
      return { status: 202, body: summary };
    },
  },
  {
    method: "DELETE",
    path: "/indexes/:uid/documents",
    action: "documents.delete",
    handler: ({ engine, params }) => {
      const uid = params.uid as string;
      const summary = engine.tasks.enqueue(
        uid,
        "documentDeletion",
        { providedIds: 0, deletedDocuments: null, originalFilter: null },
        () => ({
          providedIds: 0,
          deletedDocuments: engine.index(uid).clear(),
          originalFilter: null,
        }),
      );
      return { status: 202, body: summary };
    },
  },
];
