#!/usr/bin/env node
// Query latency and throughput: 100k projected orders (and their sales documents) in a
// Meilisearch(-compatible) server; GetSalesReport and SearchOrders through query-svc with
// grpc-js clients at concurrency 32 (or a BENCH_CONCURRENCY list), then the same reads straight
// to Meilisearch, for the overhead ratio. Each server runs in its own process, and the CPU each
// process spends per query is printed, because on a small machine the three share the cores.
import {
  OrderFacet,
  OrderStatus,
  ReportQueryService,
  SalesGroupBy,
  SalesRankBy,
} from "@orderlens/contracts";
import { createMeiliClient, type IndexNames } from "@orderlens/meili-indexes";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";
import type { Meilisearch } from "meilisearch";
import {
  Children,
  forEachTarget,
  type MeiliTarget,
  meiliClient,
  spawnQuerySvc,
} from "./bench-targets.js";
import { closedLoop, type ServerPids, type StageResult } from "./closed-loop.js";
import { month, regions, seed } from "./seed-reports.js";

const orders = Number(process.env.BENCH_ORDERS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
// A list ("1,8,32") sweeps: the latency without contention next to the concurrency.
const concurrencies = (process.env.BENCH_CONCURRENCY ?? "32").split(",").map(Number);
const log = (line: string) => process.stdout.write(`${line}\n`);

async function sequence<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await run(item));
  return out;
}

interface Target {
  client: GrpcJsClient<typeof ReportQueryService>;
  /** Straight-to-Meilisearch clients, for the overhead ratio. */
  direct: { name: string; meili: Meilisearch }[];
  names: IndexNames;
  pids: ServerPids;
}

/** At concurrency `c`: GetSalesReport and SearchOrders through query-svc, then the same reads direct. */
async function stagesAt(t: Target, c: number): Promise<StageResult[][]> {
  const loop = (label: string, op: (i: number) => Promise<unknown>) =>
    closedLoop(label, c, seconds, t.pids, op);
  // The reads GetSalesReport makes for an unfiltered product report: the month's product
  // rows, and the month's region rows for exact order totals, issued together.
  const reportReads = (m: Meilisearch, i: number) =>
    Promise.all(
      [t.names.salesByProductMonth, t.names.salesByRegionMonth].map((index) =>
        m.index(index).getDocuments({ filter: [`month IN ["${month(i)}"]`], limit: 1_000 }),
      ),
    );
  const search = (m: Meilisearch, i: number) =>
    m.index(t.names.orders).search("", {
      filter: [`status IN ["completed"]`, `region IN ["${regions[i % 6]}"]`],
      sort: ["createdAt:desc"],
      page: 1,
      hitsPerPage: 20,
      facets: ["status"],
    });
  const report = [
    await loop("GetSalesReport, query-svc", (i) =>
      t.client.getSalesReport({
        range: { case: "months", value: { from: month(i), to: month(i) } },
        groupBy: SalesGroupBy.PRODUCT,
        rankBy: SalesRankBy.REVENUE,
        topN: 10,
      }),
    ),
    ...(await sequence(t.direct, (d) =>
      loop(`  same reads, ${d.name}`, (i) => reportReads(d.meili, i)),
    )),
  ];
  const searches = [
    await loop("SearchOrders, query-svc", (i) =>
      t.client.searchOrders({
        filter: { statuses: [OrderStatus.COMPLETED], regions: [regions[i % 6] ?? "eu-west"] },
        facets: [OrderFacet.STATUS],
        pageSize: 20,
      }),
    ),
    ...(await sequence(t.direct, (d) =>
      loop(`  same search, ${d.name}`, (i) => search(d.meili, i)),
    )),
  ];
  return [report, searches];
}

function printResults(stages: StageResult[][]): void {
  log("");
  log(
    "query                                    conc  queries/s   p50 ms   p99 ms  errors   CPU ms per query: load gen, query-svc, Meilisearch",
  );
  for (const r of stages.flat()) {
    const cpu = [r.cpu.loadgen, r.cpu.querySvc, r.cpu.meili].map((c) =>
      (Number.isNaN(c) ? "-" : c.toFixed(2)).padStart(5),
    );
    log(
      `${r.label.padEnd(40)} ${String(r.concurrency).padStart(4)} ${r.qps.toFixed(0).padStart(10)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(r.errors).padStart(7)}   ${cpu.join("  ")}`,
    );
  }
  log("");
  for (const [via, strict, official] of stages) {
    if (!via || !strict || !official) continue;
    log(
      `${via.label} at concurrency ${via.concurrency}: p99 ${via.p99.toFixed(1)} ms; p50 ${(via.p50 / strict.p50).toFixed(2)}x the keep-alive client's, ${(via.p50 / official.p50).toFixed(2)}x the official client's${via.concurrency === 8 ? " (targets at concurrency 8: p99 <= 15 ms, <= 1.3x the official client's)" : ""}`,
    );
  }
}

/** Every stage against one Meilisearch: through query-svc, then straight to Meilisearch. */
async function benchTarget(target: MeiliTarget): Promise<void> {
  log("");
  log(`=== Meilisearch: ${target.label}`);
  const children = new Children();
  try {
    await seed(meiliClient(target), target.names, orders, log);
    // The reads themselves are measured here; bench:hot-reports measures the report cache.
    const querySvc = await spawnQuerySvc(children, target, { REPORT_CACHE_ENTRIES: "0" });
    const pids: ServerPids = { meili: target.pid, querySvc: querySvc.pid };
    const client = createGrpcJsClient(ReportQueryService, `127.0.0.1:${querySvc.port}`);
    // Straight to Meilisearch twice: with the keep-alive client query-svc itself uses (the
    // strict baseline: only the query-svc hop differs) and with the official client's default
    // fetch, which is what an application calling Meilisearch directly would typically run.
    const keepAlive = createMeiliClient({ host: target.url, apiKey: target.key });
    const direct = [
      { name: "keep-alive client", meili: keepAlive.meili },
      { name: "official client, fetch", meili: meiliClient(target) },
    ];
    const stages: StageResult[][] = [];
    for (const c of concurrencies) {
      stages.push(...(await stagesAt({ client, direct, names: target.names, pids }, c)));
    }
    client.close();
    keepAlive.close();
    printResults(stages);
  } finally {
    await children.stop();
  }
}

log(
  `bench:queries  ${orders} orders, concurrency ${concurrencies.join(", ")}, ${seconds} s per stage`,
);
forEachTarget(benchTarget).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
