// The report cache inside query-svc, over a real Meilisearch and real change notices on RabbitMQ:
// a repeated report is answered from memory only until the projector announces a change to a
// month it reads; nothing is kept while notices are down, nor a report whose read a notice
// overtook.
import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import {
  type GetSalesReportRequest,
  GetSalesReportRequestSchema,
  type GetSalesReportResponse,
  ReportQueryService,
  SalesGroupBy,
  SalesRankBy,
} from "@orderlens/contracts";
import { silentLogger } from "@orderlens/server";
import {
  closeBrokerConnection,
  createAmqpScope,
  getFreePort,
  rejection,
  waitFor,
} from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NoticePublisher, startNoticePublisher } from "../../test/notice-publisher.js";
import {
  type NoticedQueryHarness,
  startNoticedQueryHarness,
} from "../../test/noticed-query-harness.js";
import {
  productMonthDoc,
  type QueryHarness,
  regionMonthDoc,
  startQueryHarness,
} from "../../test/query-svc-harness.js";
import { readSalesReport } from "../queries/sales-report/get-sales-report.js";
import { reportMonths } from "../queries/sales-report/report-months.js";
import { planSalesReport } from "../queries/sales-report/report-plan.js";
import { createChangeFeed } from "../watch/change-feed.js";
import { readChangeNotices } from "../watch/change-notices.js";
import { createReportCache } from "./report-cache.js";
import { requestKey } from "./request-key.js";

let h: QueryHarness;
let notices: NoticePublisher;
let harness: NoticedQueryHarness;

beforeAll(async () => {
  harness = await startNoticedQueryHarness("report-cache");
  ({ h, notices } = harness);
  // Bound is not yet live: the service marks notices flowing once its consumer is set up.
  await cachingAgain(topProducts("2026-01"));
});
afterAll(() => harness.stop());

/** The dashboard's month: the top products of one month, ranked by revenue. */
const topProducts = (month: string): GetSalesReportRequest =>
  create(GetSalesReportRequestSchema, {
    range: { case: "months", value: { from: month, to: month } },
    groupBy: SalesGroupBy.PRODUCT,
    rankBy: SalesRankBy.REVENUE,
    topN: 20,
  });

const revenues = (r: GetSalesReportResponse) => r.rows.map((row) => row.revenueMinor);

/** One product sold in `month` for `revenueMinor`, as the projector's pass writes its aggregates. */
async function sell(target: QueryHarness, month: string, revenueMinor: number) {
  await target.put(target.indexes.salesByProductMonth, [
    productMonthDoc(month, "sku-1", "EUR", 1, revenueMinor, 1),
  ]);
  await target.put(target.indexes.salesByRegionMonth, [
    regionMonthDoc(month, "eu-west", "EUR", 1, revenueMinor, 1),
  ]);
}

/** A counter of the service's /metrics, summed over its labels (or one `reason`). */
async function metric(target: QueryHarness, name: string, reason?: string): Promise<number> {
  const values = (await target.service.server.registry.getSingleMetric(name)?.get())?.values;
  return (values ?? [])
    .filter((v) => reason === undefined || v.labels.reason === reason)
    .reduce((sum, v) => sum + v.value, 0);
}

async function counts(target: QueryHarness = h) {
  return {
    hits: await metric(target, "query_report_cache_hits_total"),
    misses: await metric(target, "query_report_cache_misses_total"),
  };
}

/** Resolves once the service has dropped `n` more entries for `reason` than `before`. */
async function invalidated(reason: string, before: number, n = 1) {
  await waitFor(
    async () => (await metric(h, "query_report_cache_invalidations_total", reason)) >= before + n,
    { timeoutMs: 10_000, description: `${n} report cache invalidation(s) for ${reason}` },
  );
}

/** Resolves once a repeated `req` is a hit again: notices flow, the cache stores. */
async function cachingAgain(req: GetSalesReportRequest) {
  await waitFor(
    async () => {
      await h.client.getSalesReport(req);
      const before = await counts();
      await h.client.getSalesReport(req);
      return (await counts()).hits > before.hits;
    },
    { timeoutMs: 10_000, description: "the report cache to store again" },
  );
}

describe("the report cache in query-svc", () => {
  it("answers a repeated report from memory until a notice lists its month, then reads the new figures", async () => {
    await sell(h, "2026-10", 2_000);
    const before = await counts();
    expect(revenues(await h.client.getSalesReport(topProducts("2026-10")))).toEqual([2_000n]);
    expect(revenues(await h.client.getSalesReport(topProducts("2026-10")))).toEqual([2_000n]);
    expect(await counts()).toEqual({ hits: before.hits + 1, misses: before.misses + 1 });

    // The projector's pass lands in Meilisearch; until its notice arrives (the cache's one
    // bound, the notice's delivery delay) the entry still answers.
    await sell(h, "2026-10", 3_250);
    expect(revenues(await h.client.getSalesReport(topProducts("2026-10")))).toEqual([2_000n]);
    const dropped = await metric(h, "query_report_cache_invalidations_total", "notice");
    notices.publish({ position: 20, months: ["2026-10"] });
    await invalidated("notice", dropped);
    expect(revenues(await h.client.getSalesReport(topProducts("2026-10")))).toEqual([3_250n]);
    expect((await counts()).misses).toBe(before.misses + 2);
  });

  it("keeps an entry when a notice lists only other months, and answers it as a hit", async () => {
    await sell(h, "2026-07", 700);
    await sell(h, "2026-08", 800);
    await h.client.getSalesReport(topProducts("2026-07"));
    await h.client.getSalesReport(topProducts("2026-08"));
    const dropped = await metric(h, "query_report_cache_invalidations_total", "notice");
    notices.publish({ position: 21, months: ["2026-08"], orderIds: ["o-1"] });
    await invalidated("notice", dropped);
    const before = await counts();
    expect(revenues(await h.client.getSalesReport(topProducts("2026-07")))).toEqual([700n]);
    expect(await counts()).toEqual({ hits: before.hits + 1, misses: before.misses });
    await h.client.getSalesReport(topProducts("2026-08"));
    expect(await counts()).toEqual({ hits: before.hits + 1, misses: before.misses + 1 });
  });

  it("drops everything when the notices stop, and reads what changed meanwhile once they are back", async () => {
    await sell(h, "2026-06", 600);
    await h.client.getSalesReport(topProducts("2026-06"));
    // A change whose notice is lost with the connection.
    await sell(h, "2026-06", 650);
    const dropped = await metric(h, "query_report_cache_invalidations_total", "notices_down");
    await closeBrokerConnection(`query-svc change notices from ${notices.exchange}`);
    await invalidated("notices_down", dropped);
    expect(revenues(await h.client.getSalesReport(topProducts("2026-06")))).toEqual([650n]);
    await cachingAgain(topProducts("2026-06"));
  });

  it("stops storing at once when its notice queue is deleted, and stores again on a new one", async () => {
    await sell(h, "2026-04", 400);
    await h.client.getSalesReport(topProducts("2026-04"));
    await sell(h, "2026-04", 450); // its notice would go to the queue about to be deleted
    const dropped = await metric(h, "query_report_cache_invalidations_total", "notices_down");
    expect(await notices.deleteNoticeQueues()).toBe(1);
    await invalidated("notices_down", dropped);
    expect(revenues(await h.client.getSalesReport(topProducts("2026-04")))).toEqual([450n]);
    await notices.waitForNoticeQueue();
    await cachingAgain(topProducts("2026-04"));
  });

  it("validates a request before it consults the cache: an error is never cached", async () => {
    const before = await counts();
    // Product reports are kept per month: a day range is INVALID_ARGUMENT.
    const byDays = create(GetSalesReportRequestSchema, {
      range: { case: "days", value: { from: "2026-10-01", to: "2026-10-31" } },
      groupBy: SalesGroupBy.PRODUCT,
    });
    for (let i = 0; i < 2; i++) {
      const error = await rejection(h.client.getSalesReport(byDays));
      expect(error.code).toBe(Code.InvalidArgument);
    }
    expect(await counts()).toEqual(before);
  });

  it("gives a WatchSalesReport its first report from the cache", async () => {
    await sell(h, "2026-05", 500);
    await h.client.getSalesReport(topProducts("2026-05"));
    const before = await counts();
    const abort = new AbortController();
    const stream = h.client
      .watchSalesReport({ report: topProducts("2026-05") }, { signal: abort.signal })
      [Symbol.asyncIterator]();
    const first = (await stream.next()).value;
    expect(revenues(first.report)).toEqual([500n]);
    expect(await counts()).toEqual({ hits: before.hits + 1, misses: before.misses });
    abort.abort();
    await expect(stream.next()).rejects.toThrow();
  });
});

describe("the report cache while notices are down", () => {
  it("stores nothing: every report is read from Meilisearch", async () => {
    // A broker that never answers: notices never flow, the watches poll.
    const down = await startQueryHarness({
      WATCH_CHANGE_NOTICES: "true",
      AMQP_URL: `amqp://guest:guest@127.0.0.1:${await getFreePort()}`,
    });
    try {
      await sell(down, "2026-10", 1_000);
      expect(revenues(await down.client.getSalesReport(topProducts("2026-10")))).toEqual([1_000n]);
      await sell(down, "2026-10", 1_100);
      expect(revenues(await down.client.getSalesReport(topProducts("2026-10")))).toEqual([1_100n]);
      expect(await counts(down)).toEqual({ hits: 0, misses: 0 });
      expect(await metric(down, "query_report_cache_entries")).toBe(0);
    } finally {
      await down.stop();
    }
  });
});

describe("a report read that a notice overtakes", () => {
  it("is answered to its caller, and never stored: the next caller reads the new figures", async () => {
    // The service's own parts on its own exchange, so the test can act while a read is in flight.
    const own = createAmqpScope("report-cache-race");
    const publisher = await startNoticePublisher(own);
    const cache = createReportCache<GetSalesReportResponse>({ maxEntries: 10 });
    const feed = createChangeFeed({
      read: async () => undefined,
      intervalMs: 60_000,
      onError() {},
    });
    const reader = readChangeNotices({
      amqpUrl: own.url,
      exchange: publisher.exchange,
      sinks: [cache, feed],
      logger: silentLogger,
    });
    try {
      await waitFor(() => feed.live, { description: "notices to flow" });
      await sell(h, "2026-12", 1_200);
      const req = topProducts("2026-12");
      const plan = planSalesReport(req, h.indexes);
      const key = requestKey(ReportQueryService.method.getSalesReport, req);
      const read = () => readSalesReport(plan, h.meili, "UTC");
      const overtaken = cache.read(key, reportMonths(req), async () => {
        const report = await read();
        // The projector's next pass lands and is announced before this read returns.
        await sell(h, "2026-12", 1_300);
        const generation = feed.generation;
        publisher.publish({ position: 30, months: ["2026-12"] });
        await waitFor(() => feed.generation > generation, { description: "the notice" });
        return report;
      });
      expect(revenues(await overtaken)).toEqual([1_200n]);
      expect(revenues(await cache.read(key, reportMonths(req), read))).toEqual([1_300n]);
    } finally {
      await reader.close();
      feed.close();
      await publisher.close();
      await own.cleanup();
    }
  });
});
