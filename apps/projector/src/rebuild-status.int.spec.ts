import { ProjectorAdmin, RebuildPhase } from "@orderlens/contracts";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProjectorHarness, startProjectorHarness } from "../test/projector-harness.js";

let h: ProjectorHarness;
let admin: GrpcJsClient<typeof ProjectorAdmin>;
let eventCount = 0;

beforeAll(async () => {
  h = await startProjectorHarness("rebuild-status");
  const p = await h.startProjector();
  admin = createGrpcJsClient(ProjectorAdmin, `127.0.0.1:${p.port}`);
  for (let i = 0; i < 6; i++) {
    const orderId = `rs-${i}`;
    const createdAt = Date.UTC(2026, 4, 1 + i, 9);
    const stored = await h.append(orderId, [
      {
        type: "OrderCreated",
        orderId,
        customerId: "c",
        region: "eu",
        currency: "EUR",
        items: [{ productId: "p", productName: "P", quantity: 1, unitPriceMinor: 900 }],
        createdAt,
      },
      { type: "OrderCompleted", orderId, totalMinor: 900, completedAt: createdAt + 1_000 },
    ]);
    await h.publish(stored);
    eventCount += stored.length;
  }
  await h.converged();
});
afterAll(async () => {
  admin.close();
  await h.stop();
});

describe("GetRebuildStatus", () => {
  it("is idle before any rebuild", async () => {
    const status = await admin.getRebuildStatus({});
    expect(status.phase).toBe(RebuildPhase.IDLE);
    expect(status.generation).toBe("");
    expect(status.startedAt).toBeUndefined();
  });

  it("reports the replay while it runs, then what the rebuild did", async () => {
    const [projector] = h.projectors;
    if (!projector) throw new Error("no projector");
    let during: Awaited<ReturnType<typeof admin.getRebuildStatus>> | undefined;
    const report = await projector.rebuild({
      afterReplay: async () => {
        during = await admin.getRebuildStatus({});
      },
    });
    expect(during).toMatchObject({
      phase: RebuildPhase.REPLAYING,
      generation: report.generation,
      eventsTotal: BigInt(eventCount),
      eventsReplayed: BigInt(eventCount),
      documentsWritten: 0n,
      error: "",
    });
    expect(during?.startedAt).toBeDefined();
    expect(during?.finishedAt).toBeUndefined();

    const after = await admin.getRebuildStatus({});
    expect(after).toMatchObject({
      phase: RebuildPhase.DONE,
      generation: report.generation,
      eventsReplayed: BigInt(report.eventsReplayed),
      documentsWritten: BigInt(report.documentsWritten),
    });
    expect(after.documentsWritten).toBeGreaterThan(0n);
    expect(Number(after.finishedAt?.seconds)).toBeGreaterThanOrEqual(
      Number(after.startedAt?.seconds),
    );
    await h.converged();
  });

  it("says why the last rebuild failed, and a refused one changes nothing", async () => {
    const [projector] = h.projectors;
    if (!projector) throw new Error("no projector");
    const failed = projector.rebuild({
      afterReplay: async () => {
        // A second rebuild meanwhile is refused and must not touch the running one's status.
        await expect(admin.rebuild({})).rejects.toThrow(/already running/);
        expect((await admin.getRebuildStatus({})).phase).toBe(RebuildPhase.REPLAYING);
        throw new Error("the disk is on fire");
      },
    });
    await expect(failed).rejects.toThrow(/the disk is on fire/);
    const status = await admin.getRebuildStatus({});
    expect(status.phase).toBe(RebuildPhase.FAILED);
    expect(status.error).toBe("the disk is on fire");
    expect(status.finishedAt).toBeDefined();
    await h.converged();
  });
});
