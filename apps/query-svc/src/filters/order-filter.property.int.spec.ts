/**
 * Property: for random OrderFilters (values drawn from the indexed documents and from hostile
 * text), the hits Meilisearch returns for `buildOrderFilter` are exactly the documents an
 * independent plain-JS reading of the filter selects, and invalid filters are refused with the
 * violations that reading predicts. Any quoting flaw shows up as extra hits, missing hits or a
 * filter parse error.
 */
import { silentLogger, startMeiliStandIn } from "@orderlens/meili-stand-in";
import { startTestMeili, type TestMeili } from "@orderlens/testing";
import fc from "fast-check";
import { type Index, Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  generateOrderDocuments,
  type OrderDocument,
  orderFilterableAttributes,
} from "./__fixtures__/order-documents.js";
import { orderFilterArbitrary } from "./__fixtures__/order-filter-arbitrary.js";
import { expectedResult } from "./__fixtures__/reference-order-filter.js";
import { buildOrderFilter } from "./order-filter.js";

const docs = generateOrderDocuments(400);
let meili: TestMeili;
let index: Index<OrderDocument>;

beforeAll(async () => {
  meili = await startTestMeili({
    masterKey: "property-master-key",
    standIn: (o) => startMeiliStandIn({ ...o, logger: silentLogger }),
  });
  const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
  await client.createIndex("orders", { primaryKey: "id" }).waitTask();
  index = client.index<OrderDocument>("orders");
  const settings = await index.updateFilterableAttributes(orderFilterableAttributes).waitTask();
  expect(settings.status).toBe("succeeded");
  const added = await index.addDocuments(docs).waitTask();
  expect(added.status).toBe("succeeded");
  expect((await index.getStats()).numberOfDocuments).toBe(docs.length);
});

afterAll(async () => {
  await meili?.close();
});

describe("buildOrderFilter against Meilisearch", () => {
  it("selects exactly the documents the filter means, whatever the values contain", async () => {
    const outcomes = { refused: 0, empty: 0, some: 0 };
    await fc.assert(
      fc.asyncProperty(orderFilterArbitrary(docs), async (filter) => {
        const expected = expectedResult(filter, docs);
        const built = buildOrderFilter(filter);
        if (!expected.ok) {
          expect(built.ok).toBe(false);
          if (!built.ok)
            expect(built.violations.map((v) => v.field).sort()).toEqual(expected.fields);
          outcomes.refused++;
          return;
        }
        if (!built.ok)
          throw new Error(`refused a valid filter: ${JSON.stringify(built.violations)}`);
        const result = await index.search("", { filter: built.filter, limit: 1_000 });
        expect(result.hits.map((h) => h.id).sort()).toEqual(expected.ids);
        if (expected.ids.length === 0) outcomes.empty++;
        else outcomes.some++;
      }),
      { numRuns: 300 },
    );
    // Guards the generator itself: a property that only ever sees empty results proves little.
    expect(outcomes.some).toBeGreaterThan(60);
    expect(outcomes.refused).toBeGreaterThan(20);
  });
});
