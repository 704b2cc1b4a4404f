import { Code, ConnectError } from "@connectrpc/connect";
import { SalesGroupBy } from "@orderlens/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  orderDoc,
  productMonthDoc,
  type QueryHarness,
  startQueryHarness,
  statusDoc,
} from "../../test/query-svc-harness.js";

let h: QueryHarness;
const october = { case: "months" as const, value: { from: "2026-10", to: "2026-10" } };

beforeAll(async () => {
  h = await startQueryHarness({
    WATCH_POLL_MS: "20",
    WATCH_MAX_UPDATES_PER_SECOND: "50",
    WATCH_MAX_WATCHERS: "3",
  });
  await h.put(h.indexes.salesByProductMonth, [
    productMonthDoc("2026-10", "sku-1", "EUR", 2, 2_000, 2),
  ]);
  await h.put(h.indexes.projectionStatus, [
    statusDoc({ lastAppliedPosition: 10, pendingDocuments: 0 }),
  ]);
});
afterAll(() => h.stop());

/** The projector's side of a change: rows pushed, then its status moved on. */
async function project(index: string, docs: object[], position: number) {
  await h.put(index, docs);
  await h.put(h.indexes.projectionStatus, [
    statusDoc({ lastAppliedPosition: position, pendingDocuments: 0 }),
  ]);
}

async function openWatchers(): Promise<number> {
  const text = await h.service.server.registry.getSingleMetricAsString("query_watchers_open");
  return [...text.matchAll(/^query_watchers_open\{[^}]*\} (\d+)$/gm)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
}

describe("WatchSalesReport", () => {
  it("sends the report, then a fresh one with its position when the aggregates change", async () => {
    const abort = new AbortController();
    const stream = h.client
      .watchSalesReport(
        { report: { range: october, groupBy: SalesGroupBy.PRODUCT } },
        { signal: abort.signal },
      )
      [Symbol.asyncIterator]();
    const first = (await stream.next()).value;
    expect(first.report.rows.map((r: { revenueMinor: bigint }) => r.revenueMinor)).toEqual([
      2_000n,
    ]);
    expect(first.position).toBe(10n);
    await project(
      h.indexes.salesByProductMonth,
      [productMonthDoc("2026-10", "sku-1", "EUR", 3, 3_250, 3)],
      11,
    );
    const second = (await stream.next()).value;
    expect(second.report.rows.map((r: { revenueMinor: bigint }) => r.revenueMinor)).toEqual([
      3_250n,
    ]);
    expect(second.position).toBe(11n);
    abort.abort();
    await expect(stream.next()).rejects.toThrow();
  });

  it("fails a bad report request at once with GetSalesReport's field violations", async () => {
    const stream = h.client.watchSalesReport({
      report: { range: { case: "months", value: { from: "2026-11", to: "2026-10" } } },
    });
    const error = await (async () => {
      try {
        for await (const _ of stream) return undefined;
      } catch (e) {
        return ConnectError.from(e);
      }
    })();
    expect(error?.code).toBe(Code.InvalidArgument);
  });
});

describe("WatchOrder", () => {
  it("says the order is not projected yet, then sends each version and ends at until_version", async () => {
    const seen: bigint[] = [];
    const done = (async () => {
      for await (const m of h.client.watchOrder({ orderId: "w-1", untilVersion: 2n })) {
        seen.push(m.projectedVersion);
        if (m.projectedVersion === 0n) {
          await project(h.indexes.orders, [orderDoc("w-1", { version: 1 })], 12);
        } else if (m.projectedVersion === 1n) {
          expect(m.order?.orderId).toBe("w-1");
          await project(
            h.indexes.orders,
            [orderDoc("w-1", { version: 2, status: "completed" })],
            13,
          );
        }
      }
    })();
    await done;
    expect(seen).toEqual([0n, 1n, 2n]);
  });
});

describe("WatchProjectionStatus", () => {
  it("sends the status, then the next one when the projector moves on", async () => {
    const abort = new AbortController();
    const stream = h.client
      .watchProjectionStatus({}, { signal: abort.signal })
      [Symbol.asyncIterator]();
    const first = (await stream.next()).value;
    await project(h.indexes.salesDaily, [], Number(first.status.lastAppliedPosition) + 1);
    const second = (await stream.next()).value;
    expect(second.status.lastAppliedPosition).toBe(first.status.lastAppliedPosition + 1n);
    abort.abort();
  });
});

describe("watch limits", () => {
  it("refuses a watch past WATCH_MAX_WATCHERS with RESOURCE_EXHAUSTED, and a cancelled watch frees its place", async () => {
    await expect.poll(openWatchers).toBe(0);
    const aborts = [new AbortController(), new AbortController(), new AbortController()];
    const streams = aborts.map((a) =>
      h.client.watchOrder({ orderId: "w-none" }, { signal: a.signal })[Symbol.asyncIterator](),
    );
    for (const s of streams) await s.next();
    expect(await openWatchers()).toBe(3);
    const refused = h.client.watchOrder({ orderId: "w-none" })[Symbol.asyncIterator]();
    await expect(refused.next()).rejects.toMatchObject({ code: Code.ResourceExhausted });
    aborts[0]?.abort();
    await expect(streams[0]?.next()).rejects.toThrow();
    await expect.poll(openWatchers).toBe(2);
    const again = new AbortController();
    const admitted = h.client
      .watchOrder({ orderId: "w-none" }, { signal: again.signal })
      [Symbol.asyncIterator]();
    expect((await admitted.next()).value.projectedVersion).toBe(0n);
    for (const a of [...aborts, again]) a.abort();
    await expect.poll(openWatchers).toBe(0);
  });
});

describe("watches at shutdown", () => {
  it("end with UNAVAILABLE as soon as the service closes, so clients reconnect elsewhere", async () => {
    const own = await startQueryHarness({ WATCH_POLL_MS: "20", SHUTDOWN_GRACE_MS: "10000" });
    const stream = own.client.watchOrder({ orderId: "w-shutdown" })[Symbol.asyncIterator]();
    await stream.next();
    const t0 = performance.now();
    const ended = stream.next().then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    await own.service.close();
    const error = await ended;
    expect(error?.code).toBe(Code.Unavailable);
    expect(performance.now() - t0).toBeLessThan(5_000);
    await own.stop();
  });
});
