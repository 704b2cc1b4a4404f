// Contract: the task list and its filters, the 202 summary, and API keys with actions and
// index patterns.
import { Meilisearch } from "meilisearch";
import { describe, expect, it } from "vitest";
import {
  client,
  expectApiError,
  host,
  RUN,
  succeeded,
  uid,
  useContractServer,
} from "./contract-server.js";

useContractServer();

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
