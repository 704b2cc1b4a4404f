import { Code, ConnectError } from "@connectrpc/connect";
import { ProjectorAdmin } from "@orderlens/contracts";
import { createGrpcJsClient, fieldViolationsOf, type GrpcJsClient } from "@orderlens/server";
import { eventually } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProjectorHarness, startProjectorHarness } from "../test/projector-harness.js";

let h: ProjectorHarness;
let admin: GrpcJsClient<typeof ProjectorAdmin>;

beforeAll(async () => {
  h = await startProjectorHarness("admin");
  const p = await h.startProjector();
  admin = createGrpcJsClient(ProjectorAdmin, `127.0.0.1:${p.port}`);
});
afterAll(async () => {
  admin.close();
  await h.stop();
});

describe("ProjectorAdmin", () => {
  it("a message parked after its retries are used up is listed, redriven once it can succeed, and applied once", async () => {
    const [created, completed] = await h.append("o-parked", [
      {
        type: "OrderCreated",
        orderId: "o-parked",
        customerId: "c",
        region: "eu",
        currency: "EUR",
        items: [{ productId: "p", productName: "P", quantity: 3, unitPriceMinor: 500 }],
        createdAt: Date.parse("2026-06-01T12:00:00Z"),
      },
      {
        type: "OrderCompleted",
        orderId: "o-parked",
        totalMinor: 1_500,
        completedAt: Date.parse("2026-06-02T12:00:00Z"),
      },
    ]);
    if (!created || !completed) throw new Error("no events");
    // v2 alone: a gap that never closes; after the last tier (0.2 + 0.4 + 0.8 s) it is parked.
    await h.publish([completed]);
    const parked = await eventually(
      async () => {
        const list = await admin.listParked({ limit: 10 });
        expect(list.messages.map((m) => m.messageId)).toContain(completed.eventId);
      },
      { timeoutMs: 15_000 },
    ).then(() => admin.listParked({ limit: 10 }));
    const entry = parked.messages.find((m) => m.messageId === completed.eventId);
    expect(entry).toMatchObject({ orderId: "o-parked", version: 2n, attempts: 4 });
    expect(entry?.reason).toMatch(/gave up after 4 attempts: gap/);
    expect(parked.total).toBeGreaterThanOrEqual(1n);

    await h.publish([created]);
    const redriven = await admin.redriveParked({
      messageIds: [completed.eventId, "no-such-message"],
    });
    expect(redriven).toMatchObject({ redriven: 1, notFound: ["no-such-message"] });
    await h.converged();
    const again = await admin.listParked({ limit: 10 });
    expect(again.messages.map((m) => m.messageId)).not.toContain(completed.eventId);
    // Redriving what is already applied is harmless: it is a duplicate.
    await h.publish([completed]);
    await h.converged();
  });

  it("rejects redrive requests that name nothing, or both all and ids", async () => {
    const none = await admin.redriveParked({}).catch((e: unknown) => ConnectError.from(e));
    expect(none).toBeInstanceOf(ConnectError);
    expect((none as ConnectError).code).toBe(Code.InvalidArgument);
    expect(fieldViolationsOf(none).map((v) => v.field)).toEqual(["message_ids"]);
    const both = await admin
      .redriveParked({ all: true, messageIds: ["x"] })
      .catch((e: unknown) => ConnectError.from(e));
    expect(fieldViolationsOf(both).map((v) => v.field)).toEqual(["all"]);
  });

  it("Verify over gRPC reports a clean projection", async () => {
    await h.converged();
    const report = await admin.verify({});
    expect(report.clean).toBe(true);
    expect(report.differenceCount).toBe(0n);
    expect(report.documentsChecked).toBeGreaterThan(0n);
  });
});
