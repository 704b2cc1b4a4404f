// Contract: search filters (the whole grammar, both forms), their errors, and sorting.
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

describe("search: filter and sort", () => {
  const name = uid("search");
  let index: Index<Order>;

  beforeAll(async () => {
    index = await seedSearchIndex(client, name);
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
});

describe("facet strings at the edges", () => {
  // Measured on Meilisearch 1.50: an empty string is not indexed, a whitespace-only one is (as
  // the empty key), and keys are the first 468 bytes of the normalised value.
  const a = (n: number) => "a".repeat(n);
  let index: Index<{ id: string; r?: string | string[] }>;
  beforeAll(async () => {
    index = client.index(uid("edges"));
    succeeded(await index.updateFilterableAttributes(["r"]).waitTask());
    succeeded(
      await index
        .addDocuments(
          [
            { id: "empty", r: [""] },
            { id: "space", r: [" "] },
            { id: "spaces", r: "  " },
            { id: "none" },
            { id: "k467", r: a(467) },
            { id: "k468", r: a(468) },
            { id: "k500", r: a(500) },
            { id: "k500z", r: `${a(499)}z` },
            { id: "y500", r: `${a(400)}${"y".repeat(100)}` },
          ],
          { primaryKey: "id" },
        )
        .waitTask(),
    );
  });
  const filterIds = async (filter: string): Promise<string[]> =>
    sorted(ids((await index.search("", { filter, limit: 100 })).hits));

  it("does not index the empty string, and matches whitespace-only values by the empty key", async () => {
    expect(await filterIds('r = ""')).toEqual(["space", "spaces"]);
    expect(await filterIds('r = " "')).toEqual(["space", "spaces"]);
    const facets = await index.search("", { facets: ["r"], filter: 'r = " "', limit: 0 });
    expect(Object.values(facets.facetDistribution?.r ?? {})).toEqual([2]);
  });

  it("keys long values by their first 468 bytes, and matches no filter value longer than that", async () => {
    expect(await filterIds(`r = "${a(467)}"`)).toEqual(["k467"]);
    expect(await filterIds(`r = "${a(468)}"`)).toEqual(["k468", "k500", "k500z"]);
    expect(await filterIds(`r = "${a(500)}"`)).toEqual([]);
    expect(await filterIds(`r = "${a(400)}${"y".repeat(68)}"`)).toEqual(["y500"]);
  });
});
