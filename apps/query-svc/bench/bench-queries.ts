#!/usr/bin/env node
// Query latency and throughput: 100k projected orders (and their sales documents) in a
// Meilisearch(-compatible) server; GetSalesReport and SearchOrders through query-svc with
// grpc-js clients at concurrency 32 (or a BENCH_CONCURRENCY list), and the same reads straight
// to Meilisearch. Each server runs in its own process, and the CPU each process spends per query
// is printed, because on a small machine the three share the cores. The absolute figures are for
// reading only: the targets are ratios to the direct keep-alive client's same reads in the same
// run (query-ratios.ts), and the last line holds them at the highest concurrency, per engine.
// The three stages of a comparison run interleaved, in turns of BENCH_SLICE_SECONDS (1), until
// each had BENCH_SECONDS: run one after the other, a burst of load from elsewhere on the shared
// machine fell on one side of a ratio only, and the ratios moved with it from run to run.
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
import { interleavedLoops, type ServerPids, type StageResult } from "./closed-loop.js";
import { formatRatios, formatTargets, missed, ratiosOf, reference } from "./query-ratios.js";
import { month, regions, seed } from "./seed-reports.js";

const orders = Number(process.env.BENCH_ORDERS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const sliceSeconds = Number(process.env.BENCH_SLICE_SECONDS ?? 1);
// A list ("1,8,32") sweeps: the latency without contention next to the concurrency.
const concurrencies = (process.env.BENCH_CONCURRENCY ?? "32").split(",").map(Number);
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Target {
  client: GrpcJsClient<typeof ReportQueryService>;
  /** query-svc's own keep-alive client, straight to Meilisearch: the reference. */
  keepAlive: Meilisearch;
  /** The official client's default fetch, as an application calling Meilisearch would. */
  official: Meilisearch;
  names: IndexNames;
  pids: ServerPids;
}

/** One query at one concurrency: through query-svc, and its reads straight to Meilisearch. */
interface Comparison {
  /** Its name in the last line. */
  query: "report" | "search";
  via: StageResult;
  keepAlive: StageResult;
  official: StageResult;
}

type Read = (meili: Meilisearch, i: number) => Promise<unknown>;

/**
 * The reads GetSalesReport makes for an unfiltered product report: the month's product rows, and
 * its region rows for exact order totals, issued together.
 */
function reportReads(names: IndexNames): Read {
  return (meili, i) =>
    Promise.all(
      [names.salesByProductMonth, names.salesByRegionMonth].map((index) =>
        meili.index(index).getDocuments({ filter: [`month IN ["${month(i)}"]`], limit: 1_000 }),
      ),
    );
}

function searchRead(names: IndexNames): Read {
  return (meili, i) =>
    meili.index(names.orders).search("", {
      filter: [`status IN ["completed"]`, `region IN ["${regions[i % 6]}"]`],
      sort: ["createdAt:desc"],
      page: 1,
      hitsPerPage: 20,
      facets: ["status"],
    });
}

/**
 * One query at concurrency `c`: through query-svc, and its reads with the keep-alive and the
 * official client, the three interleaved in slices so that the machine's load falls on all alike.
 */
async function compare(
  t: Target,
  c: number,
  query: Comparison["query"],
  labels: { via: string; direct: string },
  via: (i: number) => Promise<unknown>,
  read: Read,
): Promise<Comparison> {
  const stage = (label: string, op: (i: number) => Promise<unknown>) => ({
    label,
    pids: t.pids,
    op,
  });
  const [viaResult, keepAlive, official] = await interleavedLoops(
    [
      stage(labels.via, via),
      stage(`  ${labels.direct}, keep-alive client`, (i) => read(t.keepAlive, i)),
      stage(`  ${labels.direct}, official client, fetch`, (i) => read(t.official, i)),
    ],
    c,
    seconds,
    sliceSeconds,
  );
  if (!viaResult || !keepAlive || !official) throw new Error("a stage without a result");
  return { query, via: viaResult, keepAlive, official };
}

/** At concurrency `c`: GetSalesReport and SearchOrders, each through query-svc and direct. */
async function comparisonsAt(t: Target, c: number): Promise<Comparison[]> {
  const report = await compare(
    t,
    c,
    "report",
    { via: "GetSalesReport, query-svc", direct: "same reads" },
    (i) =>
      t.client.getSalesReport({
        range: { case: "months", value: { from: month(i), to: month(i) } },
        groupBy: SalesGroupBy.PRODUCT,
        rankBy: SalesRankBy.REVENUE,
        topN: 10,
      }),
    reportReads(t.names),
  );
  const search = await compare(
    t,
    c,
    "search",
    { via: "SearchOrders, query-svc", direct: "same search" },
    (i) =>
      t.client.searchOrders({
        filter: { statuses: [OrderStatus.COMPLETED], regions: [regions[i % 6] ?? "eu-west"] },
        facets: [OrderFacet.STATUS],
        pageSize: 20,
      }),
    searchRead(t.names),
  );
  return [report, search];
}

/** Every stage's absolute figures, for reading: they move with the machine. */
function printTable(comparisons: readonly Comparison[]): void {
  log("");
  log(
    "query                                    conc  queries/s   p50 ms   p99 ms  errors   CPU ms per query: load gen, query-svc, Meilisearch",
  );
  for (const r of comparisons.flatMap((c) => [c.via, c.keepAlive, c.official])) {
    const cpu = [r.cpu.loadgen, r.cpu.querySvc, r.cpu.meili].map((c) =>
      (Number.isNaN(c) ? "-" : c.toFixed(2)).padStart(5),
    );
    log(
      `${r.label.padEnd(40)} ${String(r.concurrency).padStart(4)} ${r.qps.toFixed(0).padStart(10)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(r.errors).padStart(7)}   ${cpu.join("  ")}`,
    );
  }
}

/** query-svc over the reference per query and concurrency, against the targets. */
function printRatios(comparisons: readonly Comparison[]): void {
  log("");
  log(
    `reference: ${reference}, query-svc's own Meilisearch client called from the bench: the same reads at the same concurrency, same Meilisearch and run, so only the query-svc hop differs`,
  );
  log(`targets at every concurrency, query-svc over the reference: ${formatTargets()}`);
  for (const { via, keepAlive, official } of comparisons) {
    const ratios = ratiosOf(via, keepAlive);
    const misses = missed(ratios);
    const verdict = misses.length === 0 ? "met" : `NOT MET (${misses.join(", ")})`;
    log(
      `  ${via.label.replace(/, query-svc$/, "")} at c=${via.concurrency}: ${formatRatios(ratios)}, ${verdict}; over the official client's fetch, for reading: ${formatRatios(ratiosOf(via, official))}`,
    );
  }
}

/** Every stage against one Meilisearch; returns the comparisons at the highest concurrency. */
async function benchTarget(target: MeiliTarget): Promise<Comparison[]> {
  log("");
  log(`=== Meilisearch: ${target.label}`);
  const children = new Children();
  try {
    await seed(meiliClient(target), target.names, orders, log);
    // The reads themselves are measured here; bench:hot-reports measures the report cache.
    const querySvc = await spawnQuerySvc(children, target, { REPORT_CACHE_ENTRIES: "0" });
    const pids: ServerPids = { meili: target.pid, querySvc: querySvc.pid };
    const client = createGrpcJsClient(ReportQueryService, `127.0.0.1:${querySvc.port}`);
    const keepAlive = createMeiliClient({ host: target.url, apiKey: target.key });
    const t: Target = {
      client,
      keepAlive: keepAlive.meili,
      official: meiliClient(target),
      names: target.names,
      pids,
    };
    const comparisons: Comparison[] = [];
    try {
      for (const c of concurrencies) comparisons.push(...(await comparisonsAt(t, c)));
    } finally {
      client.close();
      keepAlive.close();
    }
    printTable(comparisons);
    printRatios(comparisons);
    const top = Math.max(...concurrencies);
    return comparisons.filter((c) => c.via.concurrency === top);
  } finally {
    await children.stop();
  }
}

/** One engine's part of the last line: every query's ratios, then the engine. */
function verdictOf(comparisons: readonly Comparison[], label: string): string {
  const each = comparisons.map((c) => `${c.query} ${formatRatios(ratiosOf(c.via, c.keepAlive))}`);
  return `${each.join(", ")} (${label})`;
}

async function main(): Promise<void> {
  log(
    `bench:queries  ${orders} orders, concurrency ${concurrencies.join(", ")}, ${seconds} s per stage`,
  );
  const verdicts: string[] = [];
  await forEachTarget(async (target) => {
    verdicts.push(verdictOf(await benchTarget(target), target.label));
  });
  log("");
  log(
    `queries: query-svc / ${reference} (same reads, same run) at c=${Math.max(...concurrencies)}: ${verdicts.join("; ")}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
