// The plain in-process search bench:meili reads the stand-in against must answer the bench's
// queries exactly as the stand-in does over HTTP, or the ratio compares different work.
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MeiliStandIn, silentLogger, startMeiliStandIn } from "../src/index.js";
import { FACETS, SEARCH_SETTINGS, searchBody } from "./bench-queries.js";
import { createCorpus, type Order } from "./corpus.js";
import { plainFacets, plainSearch } from "./in-process-search.js";

const DOCS = 3000;

describe("the bench's plain in-process search", () => {
  let meili: MeiliStandIn;
  let client: Meilisearch;
  const docs: Order[] = createCorpus(DOCS);

  beforeAll(async () => {
    meili = await startMeiliStandIn({ port: 0, logger: silentLogger });
    client = new Meilisearch({ host: meili.url });
    const index = client.index("bench_orders");
    await index.updateSettings(SEARCH_SETTINGS).waitTask();
    const task = await index.addDocuments(createCorpus(DOCS)).waitTask();
    expect(task.status).toBe("succeeded");
  });

  afterAll(async () => {
    await meili?.close();
  });

  it.each([0, 1, 2, 3, 4, 37, 250, 999])(
    "finds the same orders in the same order as the stand-in for query %i",
    async (i) => {
      const reply = await client.index("bench_orders").search("", searchBody(i));
      const ids = reply.hits.map((h) => h.id);
      expect(ids).toHaveLength(20);
      expect(plainSearch(docs, i).map((d) => d.id)).toEqual(ids);
    },
  );

  it("counts the same facet values as the stand-in", async () => {
    const reply = await client.index("bench_orders").search("", { facets: [...FACETS], limit: 0 });
    const plain = plainFacets(docs);
    expect(Object.keys(plain.facetDistribution["customer.city"] ?? {})).toHaveLength(100);
    expect(plain.facetDistribution).toEqual(reply.facetDistribution);
    expect(plain.facetStats).toEqual(reply.facetStats);
  });
});
