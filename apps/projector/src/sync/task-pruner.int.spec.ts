import { createIndexNames } from "@orderlens/meili-indexes";
import { silentLogger as standInLogger, startMeiliStandIn } from "@orderlens/meili-stand-in";
import { silentLogger } from "@orderlens/server";
import { startTestMeili, type TestMeili } from "@orderlens/testing";
import { Meilisearch, MeilisearchApiError } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTaskPruner } from "./task-pruner.js";

const HOUR = 3_600_000;
const RUN = `prune_${Date.now().toString(36)}_`;
const indexes = createIndexNames(RUN);
let meili: TestMeili;
let admin: Meilisearch;
let projectorKey: Meilisearch;
let scopedKey: Meilisearch;

const logger = silentLogger;

beforeAll(async () => {
  meili = await startTestMeili({
    masterKey: "prune-master-key",
    standIn: (o) => startMeiliStandIn({ ...o, logger: standInLogger }),
  });
  admin = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
  const actions = ["documents.add", "indexes.create", "tasks.get", "tasks.delete"];
  const key = await admin.createKey({ actions, indexes: ["*"], expiresAt: null });
  projectorKey = new Meilisearch({ host: meili.url, apiKey: key.key });
  // As in production with an index prefix.
  const scoped = await admin.createKey({ actions, indexes: [`${RUN}*`], expiresAt: null });
  scopedKey = new Meilisearch({ host: meili.url, apiKey: scoped.key });
});
afterAll(() => meili?.close());

async function isGone(uid: number): Promise<boolean> {
  try {
    await admin.tasks.getTask(uid);
    return false;
  } catch (error) {
    if (error instanceof MeilisearchApiError && error.cause?.code === "task_not_found") return true;
    throw error;
  }
}

const addTask = async (client: Meilisearch, index: string, id: number) =>
  (await client.index(index).addDocuments([{ id }]).waitTask()).uid;

describe("task pruner", () => {
  it("deletes the projector's finished tasks past retention, keeps recent and other indexes' tasks", async () => {
    const old = [
      await addTask(projectorKey, indexes.orders, 1),
      await addTask(projectorKey, indexes.salesDaily, 1),
    ];
    const foreign = await addTask(admin, `other_${RUN}`, 1);
    let clock = Date.now() + 2 * HOUR;
    const pruner = createTaskPruner({
      meili: projectorKey,
      indexes,
      retentionMs: HOUR,
      logger,
      now: () => clock,
    });
    expect(await pruner.prune()).toBe(2);
    await waitIdle();
    for (const uid of old) expect(await isGone(uid)).toBe(true);
    expect(await isGone(foreign)).toBe(false);

    // A task younger than the retention stays, and the pruner's own deletion task goes next time.
    clock = Date.now();
    const recent = await addTask(projectorKey, indexes.orders, 2);
    const deletions = (await admin.tasks.getTasks({ types: ["taskDeletion"], limit: 1000 }))
      .results;
    const ownDeletion = deletions[0]?.uid ?? -1;
    expect(await pruner.prune()).toBe(0);
    await waitIdle();
    expect(await isGone(recent)).toBe(false);
    expect(await isGone(ownDeletion)).toBe(true);
  });

  it("with a key scoped to the prefix, prunes the indexes' tasks but cannot see its own deletions", async () => {
    const old = await addTask(scopedKey, indexes.salesByProductMonth, 1);
    let clock = Date.now() + 2 * HOUR;
    const pruner = createTaskPruner({
      meili: scopedKey,
      indexes,
      retentionMs: HOUR,
      logger,
      now: () => clock,
    });
    expect(await pruner.prune()).toBeGreaterThanOrEqual(1);
    await waitIdle();
    expect(await isGone(old)).toBe(true);
    const deletion = (await admin.tasks.getTasks({ types: ["taskDeletion"], limit: 1 })).results[0];
    clock = Date.now() + 2 * HOUR;
    await pruner.prune();
    await waitIdle();
    // Meilisearch shows index-less tasks only to keys on every index, so this one stays.
    expect(await isGone(deletion?.uid ?? -1)).toBe(false);
  });

  it("prunes at most once per interval, and never with a retention of 0", async () => {
    let clock = Date.now() + 2 * HOUR;
    const never = createTaskPruner({ meili: projectorKey, indexes, retentionMs: 0, logger });
    const kept = await addTask(projectorKey, indexes.salesByRegionMonth, 1);
    await never.tick();
    await waitIdle();
    expect(await isGone(kept)).toBe(false);

    const hourly = createTaskPruner({
      meili: projectorKey,
      indexes,
      retentionMs: HOUR,
      logger,
      intervalMs: HOUR,
      now: () => clock,
    });
    await hourly.tick();
    await waitIdle();
    expect(await isGone(kept)).toBe(true);
    const later = await addTask(projectorKey, indexes.salesByRegionMonth, 2);
    // Due again only an interval after the last prune, though `later` is already old enough.
    clock = Date.now() + 2 * HOUR;
    await hourly.tick();
    await waitIdle();
    expect(await isGone(later)).toBe(false);
    clock += HOUR;
    await hourly.tick();
    await waitIdle();
    expect(await isGone(later)).toBe(true);
  });
});

/** Waits until every task on the server has finished (deletions are tasks too). */
async function waitIdle(): Promise<void> {
  for (;;) {
    const { total } = await admin.tasks.getTasks({
      statuses: ["enqueued", "processing"],
      limit: 1,
    });
    if (!total) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
