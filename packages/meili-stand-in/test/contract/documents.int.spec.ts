// Contract: documents: primary-key inference, get, list and fetch, add/update, deletes and
// failed tasks.
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
import { ORDERS, type Order } from "./orders.js";

useContractServer();

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

describe("documents: reading", () => {
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
});

describe("documents: writing, deleting and failing", () => {
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
