/**
 * Contract suite for the Meilisearch subset orderlens uses, written against the official
 * client. It runs against the stand-in by default and, unchanged, against a real server
 * when MEILI_URL (and MEILI_MASTER_KEY) are set. Index uids are unique per run.
 */
import { type Index, Meilisearch, MeilisearchApiError, type Task } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MeiliStandIn, silentLogger, startMeiliStandIn } from "./index.js";

const REAL_URL = process.env.MEILI_URL;
const MASTER_KEY = REAL_URL ? process.env.MEILI_MASTER_KEY : "contract-master-key";
const RUN = `ct_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
const uid = (name: string): string => `${RUN}_${name}`;

let standIn: MeiliStandIn | null = null;
let host = "";
let client: Meilisearch;

type Order = {
  id: string;
  status: string;
  total: number;
  currency: string;
  customer: { name: string; city: string };
  tags?: string[];
  createdAt: number;
  note?: string | null;
};

const ORDERS: Order[] = [
  {
    id: "o1",
    status: "shipped",
    total: 120.5,
    currency: "EUR",
    customer: { name: "Zoë Durand", city: "Paris" },
    tags: ["gift", "express"],
    createdAt: 1700000001,
    note: null,
  },
  {
    id: "o2",
    status: "pending",
    total: 35,
    currency: "EUR",
    customer: { name: "Marc Dupont", city: "Lyon" },
    tags: [],
    createdAt: 1700000005,
  },
  {
    id: "o3",
    status: "shipped",
    total: 99.99,
    currency: "USD",
    customer: { name: "Anne O'Brien", city: "New York" },
    tags: ["express"],
    createdAt: 1700000003,
    note: "leave at door",
  },
  {
    id: "o4",
    status: "cancelled",
    total: 0,
    currency: "USD",
    customer: { name: "Zoe Martin", city: "Boston" },
    tags: ["gift"],
    createdAt: 1700000002,
    note: "",
  },
  {
    id: "o5",
    status: "delivered",
    total: 250,
    currency: "GBP",
    customer: { name: "Élodie Brun", city: "London" },
    createdAt: 1700000004,
    note: null,
  },
  {
    id: "o6",
    status: "Shipped",
    total: 42,
    currency: "EUR",
    customer: { name: "Paul Smith", city: "Paris" },
    tags: ["bulk"],
    createdAt: 1700000006,
  },
];

async function expectApiError(
  p: Promise<unknown>,
  code: string,
  status?: number,
): Promise<MeilisearchApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MeilisearchApiError);
    const err = e as MeilisearchApiError;
    expect(err.cause?.code).toBe(code);
    expect(err.cause?.link).toBe(`https://docs.meilisearch.com/errors#${code}`);
    expect(typeof err.cause?.message).toBe("string");
    expect(typeof err.cause?.type).toBe("string");
    if (status !== undefined) expect(err.response.status).toBe(status);
    return err;
  }
  throw new Error(`expected the call to fail with ${code}`);
}

const succeeded = (t: Task): Task => {
  expect(t.error).toBeNull();
  expect(t.status).toBe("succeeded");
  return t;
};

const ids = (hits: readonly object[]): string[] =>
  hits.map((h) => String((h as { id?: unknown }).id));
const sorted = (xs: string[]): string[] => [...xs].sort();

beforeAll(async () => {
  if (REAL_URL) {
    if (!MASTER_KEY)
      throw new Error(
        "MEILI_URL is set: MEILI_MASTER_KEY is required too (keys are part of the contract)",
      );
    host = REAL_URL;
  } else {
    standIn = await startMeiliStandIn({ port: 0, masterKey: MASTER_KEY, logger: silentLogger });
    host = standIn.url;
  }
  client = new Meilisearch({ host, apiKey: MASTER_KEY, defaultWaitOptions: { timeout: 20_000 } });
});

afterAll(async () => {
  if (client) {
    const { results } = await client.getIndexes({ limit: 1000 });
    for (const i of results) if (i.uid.startsWith(RUN)) await client.deleteIndex(i.uid).waitTask();
  }
  await standIn?.close();
});

describe("instance", () => {
  it("answers health, version and stats", async () => {
    expect(await client.health()).toEqual({ status: "available" });
    const v = await client.getVersion();
    expect(v.pkgVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof v.commitSha).toBe("string");
    const stats = await client.getStats();
    expect(typeof stats.databaseSize).toBe("number");
    expect(typeof stats.indexes).toBe("object");
  });
});

describe("indexes", () => {
  it("creates, gets, lists, updates the primary key, and deletes", async () => {
    const a = uid("idx_a");
    const b = uid("idx_b");
    const created = await client.createIndex(a, { primaryKey: "orderId" }).waitTask();
    succeeded(created);
    expect(created.type).toBe("indexCreation");
    expect(created.indexUid).toBe(a);
    succeeded(await client.createIndex(b).waitTask());

    const info = await client.getRawIndex(a);
    expect(info.uid).toBe(a);
    expect(info.primaryKey).toBe("orderId");
    expect(Number.isNaN(Date.parse(info.createdAt as unknown as string))).toBe(false);

    const page = await client.getRawIndexes({ limit: 1000 });
    const mine = page.results.filter((i) => i.uid.startsWith(RUN)).map((i) => i.uid);
    expect(mine).toEqual(expect.arrayContaining([a, b]));
    const limited = await client.getRawIndexes({ limit: 1, offset: 0 });
    expect(limited.results).toHaveLength(1);
    expect(limited.limit).toBe(1);
    expect(limited.total).toBeGreaterThanOrEqual(2);

    succeeded(await client.updateIndex(b, { primaryKey: "sku" }).waitTask());
    expect((await client.getRawIndex(b)).primaryKey).toBe("sku");

    const dup = await client.createIndex(a).waitTask();
    expect(dup.status).toBe("failed");
    expect(dup.error?.code).toBe("index_already_exists");
    expect(dup.error?.link).toBe("https://docs.meilisearch.com/errors#index_already_exists");

    const stats = await client.index(a).getStats();
    expect(stats.numberOfDocuments).toBe(0);
    expect(stats.isIndexing).toBe(false);

    succeeded(await client.deleteIndex(b).waitTask());
    await expectApiError(client.getRawIndex(b), "index_not_found", 404);
    const missing = await client.deleteIndex(uid("never")).waitTask();
    expect(missing.status).toBe("failed");
    expect(missing.error?.code).toBe("index_not_found");
  });

  it("rejects an invalid index uid", async () => {
    await expectApiError(client.getRawIndex("not valid!"), "invalid_index_uid", 400);
    await expectApiError(client.createIndex("bad uid"), "invalid_index_uid", 400);
  });

  it("swaps two indexes", async () => {
    const a = uid("swap_a");
    const b = uid("swap_b");
    await client
      .index(a)
      .addDocuments([{ id: 1, side: "a" }])
      .waitTask();
    await client
      .index(b)
      .addDocuments([{ id: 1, side: "b" }])
      .waitTask();
    const task = await client.swapIndexes([{ indexes: [a, b], rename: false }]).waitTask();
    succeeded(task);
    expect(task.type).toBe("indexSwap");
    expect((await client.index(a).getDocument(1)).side).toBe("b");
    expect((await client.index(b).getDocument(1)).side).toBe("a");
  });
});

describe("documents", () => {
  const name = uid("docs");
  let index: Index<Order>;

  beforeAll(async () => {
    index = client.index<Order>(name);
    const t = succeeded(await index.addDocuments(ORDERS).waitTask());
    expect(t.type).toBe("documentAdditionOrUpdate");
    expect(t.details?.receivedDocuments).toBe(6);
    expect(t.details?.indexedDocuments).toBe(6);
    succeeded(await index.updateFilterableAttributes(["status", "total"]).waitTask());
  });

  it("infers the primary key and gets one document", async () => {
    expect(await index.fetchPrimaryKey()).toBe("id");
    const doc = await index.getDocument("o3");
    expect(doc).toEqual(ORDERS[2]);
    const partial = await index.getDocument("o3", {
      fields: ["id", "customer.city"] as (keyof Order)[],
    });
    expect(partial).toEqual({ id: "o3", customer: { city: "New York" } });
    await expectApiError(index.getDocument("nope"), "document_not_found", 404);
  });

  it("lists with offset, limit, fields and filter (GET and POST fetch)", async () => {
    const all = await index.getDocuments({ limit: 100 });
    expect(all.total).toBe(6);
    expect(sorted(ids(all.results))).toEqual(["o1", "o2", "o3", "o4", "o5", "o6"]);
    const page = await index.getDocuments({ offset: 2, limit: 2, fields: ["id"] });
    expect(page.results).toHaveLength(2);
    expect(page.offset).toBe(2);
    expect(page.limit).toBe(2);
    expect(page.total).toBe(6);
    for (const d of page.results) expect(Object.keys(d)).toEqual(["id"]);
    const filtered = await index.getDocuments({
      filter: "status = shipped AND total > 50",
      fields: ["id"],
    });
    expect(sorted(ids(filtered.results))).toEqual(["o1", "o3"]);
    expect(filtered.total).toBe(2);
    await expectApiError(
      index.getDocuments({ filter: "currency = EUR" }),
      "invalid_document_filter",
      400,
    );
  });

  it("adds-or-updates with PUT (merge) and replaces with POST", async () => {
    const scratch = client.index(uid("docs_merge"));
    await scratch.addDocuments([{ id: 1, a: 1, b: 1 }]).waitTask();
    succeeded(await scratch.updateDocuments([{ id: 1, b: 2, c: 3 }]).waitTask());
    expect(await scratch.getDocument(1)).toEqual({ id: 1, a: 1, b: 2, c: 3 });
    succeeded(await scratch.addDocuments([{ id: 1, z: 9 }]).waitTask());
    expect(await scratch.getDocument(1)).toEqual({ id: 1, z: 9 });
    // `1` and `"1"` are the same document
    succeeded(await scratch.addDocuments([{ id: "1", y: 8 }]).waitTask());
    expect((await scratch.getDocuments()).total).toBe(1);
  });

  it("deletes one, a batch, by filter, and all", async () => {
    const scratch = client.index(uid("docs_delete"));
    await scratch.addDocuments(ORDERS).waitTask();
    await scratch.updateFilterableAttributes(["currency"]).waitTask();
    const one = succeeded(await scratch.deleteDocument("o1").waitTask());
    expect(one.type).toBe("documentDeletion");
    expect(one.details?.deletedDocuments).toBe(1);
    const batch = succeeded(await scratch.deleteDocuments(["o2", "o3", "missing"]).waitTask());
    expect(batch.details?.providedIds).toBe(3);
    expect(batch.details?.deletedDocuments).toBe(2);
    const byFilter = succeeded(
      await scratch.deleteDocuments({ filter: "currency = USD" }).waitTask(),
    );
    expect(byFilter.details?.deletedDocuments).toBe(1);
    expect(byFilter.details?.originalFilter).toBe('"currency = USD"');
    expect(sorted(ids((await scratch.getDocuments()).results))).toEqual(["o5", "o6"]);
    const notFilterable = await scratch.deleteDocuments({ filter: "status = shipped" }).waitTask();
    expect(notFilterable.status).toBe("failed");
    expect(notFilterable.error?.code).toBe("invalid_document_filter");
    const all = succeeded(await scratch.deleteAllDocuments().waitTask());
    expect(all.details?.deletedDocuments).toBe(2);
    expect((await scratch.getDocuments()).total).toBe(0);
  });

  it("fails document tasks like Meilisearch on bad primary keys and ids", async () => {
    const none = await client
      .index(uid("pk_none"))
      .addDocuments([{ name: "x" }])
      .waitTask();
    expect(none.status).toBe("failed");
    expect(none.error?.code).toBe("index_primary_key_no_candidate_found");
    const many = await client
      .index(uid("pk_many"))
      .addDocuments([{ id: 1, userId: 2 }])
      .waitTask();
    expect(many.status).toBe("failed");
    expect(many.error?.code).toBe("index_primary_key_multiple_candidates_found");
    const scratch = client.index(uid("pk_rules"));
    const bad = await scratch.addDocuments([{ id: "has space" }]).waitTask();
    expect(bad.status).toBe("failed");
    expect(bad.error?.code).toBe("invalid_document_id");
    expect(bad.details?.indexedDocuments).toBe(0);
    const float = await scratch.addDocuments([{ id: 1.5 }], { primaryKey: "id" }).waitTask();
    expect(float.error?.code).toBe("invalid_document_id");
    succeeded(
      await scratch.addDocuments([{ id: "ok-1_A" }, { id: 7 }], { primaryKey: "id" }).waitTask(),
    );
    const missing = await scratch.addDocuments([{ other: 1 }]).waitTask();
    expect(missing.error?.code).toBe("missing_document_id");
    const otherPk = await scratch.addDocuments([{ sku: "a" }], { primaryKey: "sku" }).waitTask();
    expect(otherPk.error?.code).toBe("index_primary_key_already_exists");
  });
});

describe("settings", () => {
  const name = uid("settings");

  it("updates, gets and resets all supported settings", async () => {
    const index = client.index(name);
    succeeded(
      await index
        .updateSettings({
          filterableAttributes: ["status", "customer.city"],
          sortableAttributes: ["total"],
          searchableAttributes: ["customer.name", "status"],
          displayedAttributes: ["id", "status", "total"],
          rankingRules: [
            "words",
            "sort",
            "typo",
            "proximity",
            "attribute",
            "exactness",
            "total:desc",
          ],
          pagination: { maxTotalHits: 500 },
          faceting: { maxValuesPerFacet: 10 },
        })
        .waitTask(),
    );
    const s = await index.getSettings();
    expect(sorted(s.filterableAttributes as string[])).toEqual(["customer.city", "status"]);
    expect(s.sortableAttributes).toEqual(["total"]);
    expect(s.searchableAttributes).toEqual(["customer.name", "status"]);
    expect(s.displayedAttributes).toEqual(["id", "status", "total"]);
    expect(s.rankingRules).toEqual([
      "words",
      "sort",
      "typo",
      "proximity",
      "attribute",
      "exactness",
      "total:desc",
    ]);
    expect(s.pagination).toEqual({ maxTotalHits: 500 });
    expect(s.faceting?.maxValuesPerFacet).toBe(10);

    succeeded(await index.resetSettings().waitTask());
    const r = await index.getSettings();
    expect(r.filterableAttributes).toEqual([]);
    expect(r.sortableAttributes).toEqual([]);
    expect(r.searchableAttributes).toEqual(["*"]);
    expect(r.displayedAttributes).toEqual(["*"]);
    expect(r.rankingRules).toEqual([
      "words",
      "typo",
      "proximity",
      "attribute",
      "sort",
      "exactness",
    ]);
    expect(r.pagination).toEqual({ maxTotalHits: 1000 });
    expect(r.faceting?.maxValuesPerFacet).toBe(100);
  });

  it("works through every sub-route", async () => {
    const index = client.index(name);
    succeeded(await index.updateFilterableAttributes(["a"]).waitTask());
    expect(await index.getFilterableAttributes()).toEqual(["a"]);
    succeeded(await index.resetFilterableAttributes().waitTask());
    expect(await index.getFilterableAttributes()).toEqual([]);
    succeeded(await index.updateSortableAttributes(["b"]).waitTask());
    expect(await index.getSortableAttributes()).toEqual(["b"]);
    succeeded(await index.resetSortableAttributes().waitTask());
    expect(await index.getSortableAttributes()).toEqual([]);
    succeeded(await index.updateSearchableAttributes(["c"]).waitTask());
    expect(await index.getSearchableAttributes()).toEqual(["c"]);
    succeeded(await index.resetSearchableAttributes().waitTask());
    expect(await index.getSearchableAttributes()).toEqual(["*"]);
    succeeded(await index.updateDisplayedAttributes(["d"]).waitTask());
    expect(await index.getDisplayedAttributes()).toEqual(["d"]);
    succeeded(await index.resetDisplayedAttributes().waitTask());
    expect(await index.getDisplayedAttributes()).toEqual(["*"]);
    succeeded(await index.updateRankingRules(["sort", "words"]).waitTask());
    expect(await index.getRankingRules()).toEqual(["sort", "words"]);
    succeeded(await index.resetRankingRules().waitTask());
    expect(await index.getRankingRules()).toEqual([
      "words",
      "typo",
      "proximity",
      "attribute",
      "sort",
      "exactness",
    ]);
    succeeded(await index.updatePagination({ maxTotalHits: 50 }).waitTask());
    expect(await index.getPagination()).toEqual({ maxTotalHits: 50 });
    succeeded(await index.resetPagination().waitTask());
    expect(await index.getPagination()).toEqual({ maxTotalHits: 1000 });
    succeeded(await index.updateFaceting({ maxValuesPerFacet: 3 }).waitTask());
    expect((await index.getFaceting()).maxValuesPerFacet).toBe(3);
    succeeded(await index.resetFaceting().waitTask());
    expect((await index.getFaceting()).maxValuesPerFacet).toBe(100);
  });

  it("rejects invalid settings synchronously", async () => {
    const index = client.index(name);
    await expectApiError(
      index.updateSettings({ filterableAttributes: "status" as unknown as string[] }),
      "invalid_settings_filterable_attributes",
      400,
    );
    await expectApiError(
      index.updateRankingRules(["nonsense"]),
      "invalid_settings_ranking_rules",
      400,
    );
  });
});

describe("search", () => {
  const name = uid("search");
  let index: Index<Order>;

  beforeAll(async () => {
    index = client.index<Order>(name);
    await index.addDocuments(ORDERS).waitTask();
    succeeded(
      await index
        .updateSettings({
          filterableAttributes: [
            "status",
            "total",
            "currency",
            "customer",
            "tags",
            "note",
            "createdAt",
          ],
          sortableAttributes: ["total", "currency", "createdAt"],
        })
        .waitTask(),
    );
  });

  const filterIds = async (filter: string | (string | string[])[]): Promise<string[]> =>
    sorted(ids((await index.search("", { filter, limit: 100 })).hits));

  it("filters with the full grammar", async () => {
    expect(await filterIds("status = shipped")).toEqual(["o1", "o3", "o6"]);
    expect(await filterIds("status != shipped")).toEqual(["o2", "o4", "o5"]);
    expect(await filterIds("total > 99.99")).toEqual(["o1", "o5"]);
    expect(await filterIds("total >= 99.99")).toEqual(["o1", "o3", "o5"]);
    expect(await filterIds("total < 35")).toEqual(["o4"]);
    expect(await filterIds("total <= 35")).toEqual(["o2", "o4"]);
    expect(await filterIds("total 35 TO 100")).toEqual(["o2", "o3", "o6"]);
    expect(await filterIds("note EXISTS")).toEqual(["o1", "o3", "o4", "o5"]);
    expect(await filterIds("note NOT EXISTS")).toEqual(["o2", "o6"]);
    expect(await filterIds("note IS NULL")).toEqual(["o1", "o5"]);
    expect(await filterIds("note IS NOT NULL")).toEqual(["o2", "o3", "o4", "o6"]);
    expect(await filterIds("note IS EMPTY")).toEqual(["o4"]);
    expect(await filterIds("tags IS EMPTY")).toEqual(["o2"]);
    expect(await filterIds("currency IN [EUR, gbp]")).toEqual(["o1", "o2", "o5", "o6"]);
    expect(await filterIds("currency NOT IN [EUR]")).toEqual(["o3", "o4", "o5"]);
    expect(await filterIds("NOT status = shipped AND total > 10")).toEqual(["o2", "o5"]);
    expect(
      await filterIds("(status = shipped OR status = delivered) AND customer.city = Paris"),
    ).toEqual(["o1", "o6"]);
    expect(await filterIds("customer.city = 'New York'")).toEqual(["o3"]);
    expect(await filterIds(`customer.name = "Anne O'Brien"`)).toEqual(["o3"]);
    expect(await filterIds("customer.name = 'Anne O\\'Brien'")).toEqual(["o3"]);
    expect(await filterIds("tags = express")).toEqual(["o1", "o3"]);
    expect(await filterIds([["status = pending", "status = cancelled"], "total < 50"])).toEqual([
      "o2",
      "o4",
    ]);
    expect(await filterIds("createdAt > 1700000003 AND NOT currency = EUR")).toEqual(["o5"]);
  });

  it("fails on attributes that are not filterable or sortable, and on bad syntax", async () => {
    const plain = client.index(uid("search_plain"));
    await plain.addDocuments([{ id: 1, a: 1 }]).waitTask();
    const e = await expectApiError(
      plain.search("", { filter: "a = 1" }),
      "invalid_search_filter",
      400,
    );
    expect(e.cause?.type).toBe("invalid_request");
    expect(e.cause?.message).toContain("`a`");
    await expectApiError(
      index.search("", { filter: "customerId = 3" }),
      "invalid_search_filter",
      400,
    );
    await expectApiError(index.search("", { filter: "status = " }), "invalid_search_filter", 400);
    await expectApiError(index.search("", { filter: "(status = a" }), "invalid_search_filter", 400);
    await expectApiError(index.search("", { sort: ["status:asc"] }), "invalid_search_sort", 400);
    await expectApiError(index.search("", { sort: ["total"] }), "invalid_search_sort", 400);
    await expectApiError(index.search("", { facets: ["id"] }), "invalid_search_facets", 400);
    await expectApiError(client.index(uid("nope")).search(""), "index_not_found", 404);
  });

  it("sorts on several attributes", async () => {
    const r = await index.search("", { sort: ["currency:asc", "total:desc"] });
    expect(ids(r.hits)).toEqual(["o1", "o6", "o2", "o5", "o3", "o4"]);
    const byDate = await index.search(null, { sort: ["createdAt:desc"], filter: "total > 40" });
    expect(ids(byDate.hits)).toEqual(["o6", "o5", "o3", "o1"]);
  });

  it("computes facet distribution and stats", async () => {
    const r = await index.search("", { facets: ["currency", "total", "status"] });
    expect(r.facetDistribution?.currency).toEqual({ EUR: 3, GBP: 1, USD: 2 });
    expect(r.facetStats?.total).toEqual({ min: 0, max: 250 });
    const statusCounts = Object.entries(r.facetDistribution?.status ?? {}).map(([k, v]) => [
      k.toLowerCase(),
      v,
    ]);
    expect(Object.fromEntries(statusCounts)).toEqual({
      cancelled: 1,
      delivered: 1,
      pending: 1,
      shipped: 3,
    });
    const filtered = await index.search("", { facets: ["currency"], filter: "total > 40" });
    expect(filtered.facetDistribution?.currency).toEqual({ EUR: 2, GBP: 1, USD: 1 });
  });

  it("paginates with offset/limit and with page/hitsPerPage", async () => {
    const r = await index.search("", { sort: ["total:asc"], offset: 1, limit: 2 });
    expect(ids(r.hits)).toEqual(["o2", "o6"]);
    expect(r.offset).toBe(1);
    expect(r.limit).toBe(2);
    expect(r.estimatedTotalHits).toBe(6);
    expect(typeof r.processingTimeMs).toBe("number");
    const p = await index.search("", { sort: ["total:asc"], page: 2, hitsPerPage: 4 });
    expect(ids(p.hits)).toEqual(["o1", "o5"]);
    expect(p.page).toBe(2);
    expect(p.hitsPerPage).toBe(4);
    expect(p.totalHits).toBe(6);
    expect(p.totalPages).toBe(2);
    expect(p).not.toHaveProperty("estimatedTotalHits");
  });

  it("retrieves only the requested attributes", async () => {
    const r = await index.search("", {
      filter: "total = 99.99",
      attributesToRetrieve: ["id", "customer.city"],
    });
    expect(r.hits).toEqual([{ id: "o3", customer: { city: "New York" } }]);
  });

  it("matches q case- and accent-insensitively, with a prefix on the last word", async () => {
    expect(sorted(ids((await index.search("ZOE")).hits))).toEqual(["o1", "o4"]);
    expect(sorted(ids((await index.search("paris")).hits))).toEqual(["o1", "o6"]);
    expect(ids((await index.search("dup")).hits)).toEqual(["o2"]);
    expect(sorted(ids((await index.search("express")).hits))).toEqual(["o1", "o3"]);
    const two = await index.search("zoe paris");
    expect(ids(two.hits)[0]).toBe("o1");
    expect(sorted(ids(two.hits))).toEqual(["o1", "o4"]);
    const all = await index.search("zoe paris", { matchingStrategy: "all" });
    expect(ids(all.hits)).toEqual(["o1"]);
    const q = await index.search("zoe", { filter: "currency = USD" });
    expect(ids(q.hits)).toEqual(["o4"]);
    expect(q.query).toBe("zoe");
  });

  it("searches with GET and with multi-search", async () => {
    const g = await index.searchGet("", {
      filter: "status = shipped",
      sort: ["total:desc"],
      facets: ["currency"],
    });
    expect(ids(g.hits)).toEqual(["o1", "o3", "o6"]);
    expect(g.facetDistribution?.currency).toEqual({ EUR: 2, USD: 1 });
    const m = await client.multiSearch({
      queries: [
        { indexUid: name, q: "", filter: "currency = GBP" },
        { indexUid: name, q: "paris", sort: ["total:asc"] },
      ],
    });
    expect(m.results).toHaveLength(2);
    expect(m.results[0]?.indexUid).toBe(name);
    expect(ids(m.results[0]?.hits ?? [])).toEqual(["o5"]);
    expect(ids(m.results[1]?.hits ?? [])).toEqual(["o6", "o1"]);
    await expectApiError(
      client.multiSearch({ queries: [{ indexUid: uid("missing"), q: "" }] }),
      "index_not_found",
      404,
    );
  });

  it("caps hits at pagination.maxTotalHits", async () => {
    const capped = client.index(uid("capped"));
    await capped.addDocuments(Array.from({ length: 30 }, (_, i) => ({ id: i }))).waitTask();
    succeeded(await capped.updatePagination({ maxTotalHits: 10 }).waitTask());
    const r = await capped.search("", { limit: 50 });
    expect(r.hits).toHaveLength(10);
    expect(r.estimatedTotalHits).toBe(10);
    const p = await capped.search("", { page: 1, hitsPerPage: 4 });
    expect(p.totalHits).toBe(10);
    expect(p.totalPages).toBe(3);
  });
});

describe("tasks", () => {
  it("lists tasks with filters and fetches one", async () => {
    const name = uid("tasks");
    const ok = await client
      .index(name)
      .addDocuments([{ id: 1 }])
      .waitTask();
    const failed = await client
      .index(name)
      .addDocuments([{ id: "x y" }])
      .waitTask();
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatchObject({ code: "invalid_document_id", type: "invalid_request" });
    const one = await client.tasks.getTask(ok.uid);
    expect(one.uid).toBe(ok.uid);
    expect(one.indexUid).toBe(name);
    expect(typeof one.enqueuedAt).toBe("string");
    expect(typeof one.finishedAt).toBe("string");
    expect(typeof one.duration).toBe("string");

    const byIndex = await client.tasks.getTasks({ indexUids: [name] });
    expect(byIndex.results.map((t) => t.uid)).toEqual([failed.uid, ok.uid]);
    expect(byIndex.total).toBe(2);
    const onlyFailed = await client.tasks.getTasks({ indexUids: [name], statuses: ["failed"] });
    expect(onlyFailed.results.map((t) => t.uid)).toEqual([failed.uid]);
    const byUid = await client.tasks.getTasks({
      uids: [ok.uid],
      types: ["documentAdditionOrUpdate"],
    });
    expect(byUid.results.map((t) => t.uid)).toEqual([ok.uid]);
    const paged = await client.tasks.getTasks({ indexUids: [name], limit: 1 });
    expect(paged.results).toHaveLength(1);
    expect(paged.next).toBe(ok.uid);
    const rest = await client.tasks.getTasks({
      indexUids: [name],
      limit: 1,
      from: paged.next ?? 0,
    });
    expect(rest.results.map((t) => t.uid)).toEqual([ok.uid]);
    await expectApiError(client.tasks.getTask(99_999_999), "task_not_found", 404);
    await expectApiError(
      client.tasks.getTasks({ statuses: ["nonsense" as "failed"] }),
      "invalid_task_statuses",
      400,
    );
  });

  it("returns the enqueued summary with 202", async () => {
    const summary = await client.index(uid("summary")).addDocuments([{ id: 1 }]);
    expect(summary).toMatchObject({
      status: "enqueued",
      type: "documentAdditionOrUpdate",
      indexUid: uid("summary"),
    });
    expect(typeof summary.taskUid).toBe("number");
    expect(typeof summary.enqueuedAt).toBe("string");
    succeeded(await client.tasks.waitForTask(summary.taskUid));
  });
});

describe("keys", () => {
  it("enforces actions and index patterns for a search key and a write key", async () => {
    const name = uid("keys");
    await client
      .index(name)
      .addDocuments([{ id: 1, t: "hello" }])
      .waitTask();
    const searchKey = await client.createKey({
      description: "query-svc",
      actions: ["search"],
      indexes: [`${RUN}_k*`],
      expiresAt: null,
    });
    const writeKey = await client.createKey({
      name: "projector",
      actions: ["documents.add", "indexes.create", "settings.update", "tasks.get"],
      indexes: [name],
      expiresAt: null,
    });
    expect(searchKey.actions).toEqual(["search"]);
    expect(typeof searchKey.key).toBe("string");
    expect((await client.getKey(searchKey.uid)).key).toBe(searchKey.key);
    expect((await client.getKey(searchKey.key)).uid).toBe(searchKey.uid);
    const listed = await client.getKeys({ limit: 100 });
    expect(listed.results.map((k) => k.uid)).toEqual(
      expect.arrayContaining([searchKey.uid, writeKey.uid]),
    );

    const searcher = new Meilisearch({ host, apiKey: searchKey.key });
    expect((await searcher.index(name).search("hello")).hits).toHaveLength(1);
    await expectApiError(searcher.index(name).addDocuments([{ id: 2 }]), "invalid_api_key", 403);
    await expectApiError(searcher.index(uid("other")).search(""), "invalid_api_key", 403);

    const writer = new Meilisearch({ host, apiKey: writeKey.key });
    succeeded(
      await writer
        .index(name)
        .addDocuments([{ id: 2, t: "world" }])
        .waitTask(),
    );
    await expectApiError(writer.index(name).search(""), "invalid_api_key", 403);

    const anonymous = new Meilisearch({ host });
    await expectApiError(anonymous.index(name).search(""), "missing_authorization_header", 401);
    const wrong = new Meilisearch({ host, apiKey: "not-a-key" });
    await expectApiError(wrong.index(name).search(""), "invalid_api_key", 403);
    expect(await anonymous.health()).toEqual({ status: "available" });

    await client.deleteKey(searchKey.uid);
    await client.deleteKey(writeKey.key);
    await expectApiError(client.getKey(searchKey.uid), "api_key_not_found", 404);
    await expectApiError(searcher.index(name).search(""), "invalid_api_key", 403);
  });
});
