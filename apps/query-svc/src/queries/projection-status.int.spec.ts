import { Code } from "@connectrpc/connect";
import { rejection } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QueryHarness, startQueryHarness, statusDoc } from "../../test/query-svc-harness.js";

let h: QueryHarness;

beforeAll(async () => {
  h = await startQueryHarness();
});
afterAll(() => h.stop());

describe("GetProjectionStatus", () => {
  it("is UNAVAILABLE until the projector has reported", async () => {
    const error = await rejection(h.client.getProjectionStatus({}));
    expect(error?.code).toBe(Code.Unavailable);
  });

  it("returns the projector's status document", async () => {
    await h.put(h.indexes.projectionStatus, [statusDoc()]);
    const r = await h.client.getProjectionStatus({});
    expect(r.lastAppliedPosition).toBe(40n);
    expect(r.retriesTotal).toBe(2n);
    expect(r.parkedCount).toBe(1n);
    expect(r.pendingDocuments).toBe(7n);
    expect(r.eventsPerSecond).toBe(12.5);
    expect(
      r.partitions.map((p) => [p.partition, Number(p.lagMessages), Number(p.lastPosition)]),
    ).toEqual([
      [0, 3, 40],
      [1, 0, 0],
    ]);
    expect(r.partitions[1]?.lastAppliedAt).toBeUndefined();
    expect(Number(r.reportedAt?.seconds)).toBe(Date.parse("2026-11-01T00:00:01Z") / 1000);
  });
});
