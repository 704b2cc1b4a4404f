// Contract: the task list and its filters, the 202 summary, and API keys with actions and
// index patterns.
import { Meilisearch } from "meilisearch";
import { describe, expect, it } from "vitest";
import {
  client,
  expectApiError,
  host,
  MASTER_KEY,
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

describe("task deletion", () => {
  it("refuses a deletion without filters and names the ones it knows", async () => {
    await expectApiError(client.tasks.deleteTasks({}), "missing_task_filters", 400);
    const res = await fetch(`${host}/tasks?limit=1`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${MASTER_KEY}` },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: "bad_request",
      message:
        "Unknown parameter `limit`: expected one of `uids`, `batchUids`, `canceledBy`, `types`, `statuses`, `indexUids`, `afterEnqueuedAt`, `beforeEnqueuedAt`, `afterStartedAt`, `beforeStartedAt`, `afterFinishedAt`, `beforeFinishedAt`",
    });
  });

  it("deletes the finished tasks it matched, keeps uids growing, and reports counts", async () => {
    const name = uid("prune");
    const first = await client
      .index(name)
      .addDocuments([{ id: 1 }])
      .waitTask();
    const second = await client
      .index(name)
      .addDocuments([{ id: 2 }])
      .waitTask();
    const kept = await client
      .index(uid("prune_other"))
      .addDocuments([{ id: 1 }])
      .waitTask();
    const deletion = await client.tasks
      .deleteTasks({ indexUids: [name], statuses: ["succeeded"] })
      .waitTask();
    succeeded(deletion);
    expect(deletion.type).toBe("taskDeletion");
    expect(deletion.details).toMatchObject({ matchedTasks: 2, deletedTasks: 2 });
    expect(deletion.details?.originalFilter).toContain("indexUids=");
    await expectApiError(client.tasks.getTask(first.uid), "task_not_found", 404);
    await expectApiError(client.tasks.getTask(second.uid), "task_not_found", 404);
    expect((await client.tasks.getTask(kept.uid)).status).toBe("succeeded");
    expect((await client.tasks.getTasks({ indexUids: [name] })).total).toBe(0);
    // The documents stay: only the task records go.
    expect((await client.index(name).getDocuments()).total).toBe(2);
    const next = await client
      .index(name)
      .addDocuments([{ id: 3 }])
      .waitTask();
    expect(next.uid).toBeGreaterThan(deletion.uid);
  });

  it("deletes by enqueue date, bounds exclusive", async () => {
    const name = uid("prune_date");
    const old = await client
      .index(name)
      .addDocuments([{ id: 1 }])
      .waitTask();
    const cut = new Date(Date.parse(old.enqueuedAt as string) + 1).toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const fresh = await client
      .index(name)
      .addDocuments([{ id: 2 }])
      .waitTask();
    const deletion = await client.tasks
      .deleteTasks({ indexUids: [name], beforeEnqueuedAt: cut })
      .waitTask();
    expect(deletion.details).toMatchObject({ matchedTasks: 1, deletedTasks: 1 });
    await expectApiError(client.tasks.getTask(old.uid), "task_not_found", 404);
    expect((await client.tasks.getTask(fresh.uid)).uid).toBe(fresh.uid);
    await expectApiError(
      client.tasks.deleteTasks({ beforeEnqueuedAt: "yesterday" }),
      "invalid_task_before_enqueued_at",
      400,
    );
  });

  it("lets a key scoped to some indexes delete only those indexes' tasks", async () => {
    const mine = uid("scoped_a");
    const theirs = uid("scoped_b");
    const a = await client
      .index(mine)
      .addDocuments([{ id: 1 }])
      .waitTask();
    const b = await client
      .index(theirs)
      .addDocuments([{ id: 1 }])
      .waitTask();
    const key = await client.createKey({
      actions: ["tasks.delete", "tasks.get"],
      indexes: [mine],
      expiresAt: null,
    });
    const scoped = new Meilisearch({ host, apiKey: key.key });
    const summary = await scoped.tasks.deleteTasks({ uids: [a.uid, b.uid] });
    // The deletion task has no index, so the key that enqueued it cannot see it.
    await expectApiError(scoped.tasks.getTask(summary.taskUid), "task_not_found", 404);
    const deletion = await client.tasks.waitForTask(summary.taskUid);
    expect(deletion.details).toMatchObject({ matchedTasks: 1, deletedTasks: 1 });
    await expectApiError(client.tasks.getTask(a.uid), "task_not_found", 404);
    expect((await client.tasks.getTask(b.uid)).uid).toBe(b.uid);
    await client.deleteKey(key.uid);
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
