// Contract: health, version, stats and the index lifecycle (create, list, update, swap, delete).
import { describe, expect, it } from "vitest";
import {
  client,
  expectApiError,
  RUN,
  succeeded,
  uid,
  useContractServer,
} from "./contract-server.js";

useContractServer();

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
