// Contract: facets, pagination, attributes to retrieve, q matching, GET and multi-search,
// maxTotalHits.
import type { Index } from "meilisearch";
import { beforeAll, describe, expect, it } from "vitest";
import {
  client,
  expectApiError,
  ids,
  sorted,
  succeeded,
  uid,
  useContractServer,
} from "./contract-server.js";
import { type Order, seedSearchIndex } from "./orders.js";

useContractServer();

const name = uid("search");
let index: Index<Order>;

beforeAll(async () => {
  index = await seedSearchIndex(client, name);
});

describe("search: facets, pages and fields", () => {
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
});

describe("search: q, GET, multi-search and limits", () => {
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
      400,
    );
  });

  it("stops hits at pagination.maxTotalHits but keeps counting every match", async () => {
    const capped = client.index(uid("capped"));
    await capped.addDocuments(Array.from({ length: 30 }, (_, i) => ({ id: i }))).waitTask();
    succeeded(await capped.updatePagination({ maxTotalHits: 10 }).waitTask());
    const r = await capped.search("", { limit: 50 });
    expect(r.hits).toHaveLength(10);
    expect(r.estimatedTotalHits).toBe(30);
    const beyond = await capped.search("", { offset: 8, limit: 5 });
    expect(beyond.hits.map((h) => h.id)).toEqual([8, 9]);
    const p = await capped.search("", { page: 1, hitsPerPage: 4 });
    expect(p.totalHits).toBe(30);
    expect(p.totalPages).toBe(8);
    expect((await capped.search("", { page: 3, hitsPerPage: 4 })).hits).toHaveLength(2);
    expect((await capped.search("", { page: 4, hitsPerPage: 4 })).hits).toHaveLength(0);
  });
});
