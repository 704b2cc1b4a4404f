// Contract: settings: the whole object, every sub-route, and synchronous validation.
import { describe, expect, it } from "vitest";
import {
  client,
  expectApiError,
  sorted,
  succeeded,
  uid,
  useContractServer,
} from "./contract-server.js";

useContractServer();

const name = uid("settings");

describe("settings: the whole object", () => {
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
      "attributeRank",
      "sort",
      "wordPosition",
      "exactness",
    ]);
    expect(r.pagination).toEqual({ maxTotalHits: 1000 });
    expect(r.faceting?.maxValuesPerFacet).toBe(100);
  });
});

describe("settings: sub-routes and validation", () => {
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
      "attributeRank",
      "sort",
      "wordPosition",
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

  it("with no searchable attributes, matches no query but still lists, filters and sorts", async () => {
    // The report indexes are read by filter only: indexing no words halves a real
    // Meilisearch's documents tasks on them.
    const index = client.index(uid("unsearchable"));
    succeeded(
      await index
        .updateSettings({
          searchableAttributes: [],
          filterableAttributes: ["month"],
          sortableAttributes: ["revenue"],
        })
        .waitTask(),
    );
    expect(await index.getSearchableAttributes()).toEqual([]);
    const rows = [
      { id: "a", month: "2026-01", name: "Blue widget", revenue: 5 },
      { id: "b", month: "2026-01", name: "Red widget", revenue: 9 },
      { id: "c", month: "2026-02", name: "Blue gadget", revenue: 7 },
    ];
    succeeded(await index.addDocuments(rows, { primaryKey: "id" }).waitTask());
    expect((await index.search("widget")).hits).toEqual([]);
    const placeholder = await index.search("", {
      filter: 'month = "2026-01"',
      sort: ["revenue:desc"],
    });
    expect(placeholder.hits.map((h) => h.id)).toEqual(["b", "a"]);
    const listed = await index.getDocuments({ filter: 'month = "2026-02"' });
    expect(listed.results.map((d) => d.id)).toEqual(["c"]);
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
