import { Code, ConnectError } from "@connectrpc/connect";
import { ProjectorAdmin } from "@orderlens/contracts";
import type { OrderEvent } from "@orderlens/domain";
import { createIndexNames, indexSettings } from "@orderlens/meili-indexes";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";
import { eventually } from "@orderlens/testing";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  masterKey,
  type ProjectorHarness,
  startProjectorHarness,
} from "../test/projector-harness.js";

let h: ProjectorHarness;
let admin: GrpcJsClient<typeof ProjectorAdmin>;
let meili: Meilisearch;
const names = createIndexNames("");

function orderEvents(id: string, i: number): OrderEvent[] {
  const createdAt = Date.UTC(2026, i % 12, 1 + (i % 27), 10);
  const created: OrderEvent = {
    type: "OrderCreated",
    orderId: id,
    customerId: `c-${i % 7}`,
    region: ["eu", "us", "apac"][i % 3] ?? "eu",
    currency: i % 4 === 0 ? "USD" : "EUR",
    items: [
      {
        productId: `p-${i % 5}`,
        productName: `P ${i % 5}`,
        quantity: 1 + (i % 3),
        unitPriceMinor: 250,
      },
    ],
    createdAt,
  };
  if (i % 3 === 2) return [created];
  if (i % 5 === 4)
    return [
      created,
      { type: "OrderCancelled", orderId: id, reason: "r", cancelledAt: createdAt + 60_000 },
    ];
  return [
    created,
    {
      type: "OrderCompleted",
      orderId: id,
      totalMinor: (1 + (i % 3)) * 250,
      completedAt: createdAt + 60_000,
    },
  ];
}

async function place(prefix: string, from: number, count: number): Promise<number> {
  let events = 0;
  for (let i = from; i < from + count; i++) {
    const stored = await h.append(`${prefix}-${i}`, orderEvents(`${prefix}-${i}`, i));
    await h.publish(stored);
    events += stored.length;
  }
  return events;
}

beforeAll(async () => {
  h = await startProjectorHarness("rebuild");
  const p = await h.startProjector();
  admin = createGrpcJsClient(ProjectorAdmin, `127.0.0.1:${p.port}`);
  meili = new Meilisearch({ host: h.meili.url, apiKey: masterKey });
});
afterAll(async () => {
  admin.close();
  await h.stop();
});

describe("Rebuild", () => {
  it("replays the event store into a new generation, swaps it in, and repairs damaged indexes", async () => {
    const events = await place("o", 0, 40);
    await h.converged();
    // Damage what Meilisearch holds: lost documents, a stray one, a wrong figure.
    await meili.index(names.orders).deleteDocuments(["o-1", "o-2", "o-3"]).waitTask();
    const stray = { id: "stray", month: "2026-01", productId: "x", currency: "EUR" };
    await meili.index(names.salesByProductMonth).addDocuments([stray]).waitTask();
    const [region] = (await meili.index(names.salesByRegionMonth).getDocuments({ limit: 1 }))
      .results;
    if (!region) throw new Error("no region document");
    await meili
      .index(names.salesByRegionMonth)
      .updateDocuments([{ ...region, revenueMinor: 1 }])
      .waitTask();
    const damaged = await admin.verify({ maxDifferences: 100 });
    expect(damaged.clean).toBe(false);
    expect(damaged.differenceCount).toBeGreaterThanOrEqual(5n);

    const rebuilt = await admin.rebuild({});
    expect(rebuilt.generation).toMatch(/^g[0-9a-z]+$/);
    expect(rebuilt.eventsReplayed).toBe(BigInt(events));

    const after = await admin.verify({ maxDifferences: 100 });
    expect(after.differences).toEqual([]);
    expect(after.clean).toBe(true);
    expect(after.documentsChecked).toBe(rebuilt.documentsWritten);
    // Live uids only, with their settings; the old generation is gone.
    const uids = (await meili.getIndexes({ limit: 100 })).results.map((i) => i.uid).sort();
    expect(uids.filter((uid) => uid !== names.projectionStatus)).toEqual(
      Object.keys(indexSettings(names)).sort(),
    );
    const settings = await meili.index(names.orders).getSettings();
    expect([...(settings.filterableAttributes ?? [])].sort()).toEqual(
      [...(indexSettings(names)[names.orders]?.filterableAttributes ?? [])].sort(),
    );
  });

  it("loses nothing that is projected while it runs", async () => {
    let rebuildDone = false;
    let placedDuring = 0;
    const rebuilding = admin.rebuild({}).finally(() => {
      rebuildDone = true;
    });
    // Keep writing until the rebuild has answered, so writes overlap it.
    const writer = (async () => {
      let i = 1_000;
      while (!rebuildDone) {
        await place("w", i++, 1);
        placedDuring++;
      }
    })();
    await Promise.all([rebuilding, writer]);
    expect(placedDuring).toBeGreaterThan(0);
    // Every order written during the rebuild is dirty when it ends: a real Meilisearch takes
    // longer than the stand-in to index them all.
    await h.converged(60_000);
    // converged() is verify against a full replay; and every order written is there.
    const orders = await meili.index(names.orders).getDocuments({ limit: 1 });
    expect(orders.total).toBe(40 + placedDuring);
  }, 120_000);

  it("holds pushes off from the replay to the swap, then pushes what changed meanwhile", async () => {
    const [projector] = h.projectors;
    if (!projector) throw new Error("no projector");
    const before = await h.projectedOrderCount();
    await projector.rebuild({
      // Orders the replay has not seen, projected before the swap: pushed into the old
      // generation they would vanish with it; held off, they are pushed into the new one.
      afterReplay: async () => {
        await place("late", 2_000, 5);
        await eventually(async () => expect(await h.projectedOrderCount()).toBe(before + 5));
        await new Promise((resolve) => setTimeout(resolve, 300)); // many sync intervals (20 ms)
      },
    });
    await h.converged();
    const late = await meili.index(names.orders).getDocument("late-2000");
    expect(late).toMatchObject({ orderId: "late-2000" });
  });

  it("lets a write enqueued on a live index before the swap land in the old generation, never the new", async () => {
    const [projector] = h.projectors;
    if (!projector) throw new Error("no projector");
    await place("swap", 3_000, 1); // created and completed: version 2
    await h.converged();
    const wrong = { id: "swap-3000", orderId: "swap-3000", status: "cancelled", version: 99 };
    let enqueued: number | undefined;
    await projector.rebuild({
      // A push whose wait timed out leaves its task queued: Meilisearch runs tasks in order, so
      // it applies to the old generation before the swap, and vanishes with it.
      afterReplay: async () => {
        enqueued = (await meili.index(names.orders).updateDocuments([wrong])).taskUid;
      },
    });
    expect(enqueued).toBeDefined();
    // Had it landed after the swap, the order would stay wrong: its row is not dirty, nothing repairs it.
    await h.converged();
    expect(await meili.index(names.orders).getDocument("swap-3000")).toMatchObject({
      orderId: "swap-3000",
      status: "completed",
      version: 2,
    });
  });

  it("runs one at a time", async () => {
    const results = await Promise.allSettled([admin.rebuild({}), admin.rebuild({})]);
    const refused = results.flatMap((r) =>
      r.status === "rejected" ? [ConnectError.from(r.reason)] : [],
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(refused.map((e) => e.code)).toEqual([Code.Aborted]);
    await h.converged();
  });

  it("is refused by an instance that does not push to Meilisearch", async () => {
    const standby = await h.startProjector();
    const standbyAdmin = createGrpcJsClient(ProjectorAdmin, `127.0.0.1:${standby.port}`);
    try {
      const error = await standbyAdmin.rebuild({}).catch((e: unknown) => ConnectError.from(e));
      expect(error).toBeInstanceOf(ConnectError);
      expect((error as ConnectError).code).toBe(Code.FailedPrecondition);
      expect((error as ConnectError).rawMessage).toMatch(/another projector instance pushes/);
    } finally {
      standbyAdmin.close();
    }
  });
});
