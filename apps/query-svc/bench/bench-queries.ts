#!/usr/bin/env node
// Query latency and throughput: 100k projected orders (and their sales documents) in a
// Meilisearch(-compatible) server; GetSalesReport and SearchOrders through query-svc with
// grpc-js clients at concurrency 32 (or a BENCH_CONCURRENCY list), then the same reads straight
// to Meilisearch, for the overhead ratio. Each server runs in its own process, and the CPU each
// process spends per query is printed, because on a small machine the three share the cores.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import {
  OrderFacet,
  OrderStatus,
  ReportQueryService,
  SalesGroupBy,
  SalesRankBy,
} from "@orderlens/contracts";
import {
  createIndexNames,
  createMeiliClient,
  type IndexNames,
  indexSettings,
} from "@orderlens/meili-indexes";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";
import {
  benchMeiliEngines,
  getFreePort,
  packageBin,
  startBenchMeili,
  waitFor,
} from "@orderlens/testing";
import { Meilisearch } from "meilisearch";
import { closedLoop, type ServerPids, type StageResult } from "./closed-loop.js";
import { month, regions, seed } from "./seed-reports.js";

const orders = Number(process.env.BENCH_ORDERS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
// A list ("1,8,32") sweeps: the latency without contention next to the concurrency.
const concurrencies = (process.env.BENCH_CONCURRENCY ?? "32").split(",").map(Number);
// e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the servers under load.
const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
const log = (line: string) => process.stdout.write(`${line}\n`);

/** Spawns a server process and resolves once `url` answers (the child is tracked for cleanup). */
async function spawnReady(
  children: ChildProcess[],
  args: string[],
  env: NodeJS.ProcessEnv,
  url: string,
): Promise<number | undefined> {
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  await waitFor(async () => (await fetch(url).catch(() => undefined))?.ok || undefined, {
    timeoutMs: 30_000,
  });
  return child.pid;
}

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

/** A Meilisearch to seed and query: one the bench started (its pid known), or MEILI_URL's. */
interface MeiliTarget {
  label: string;
  url: string;
  key: string | undefined;
  pid: number | undefined;
  names: IndexNames;
  /** Deletes what the bench wrote, on a server it does not own. */
  cleanup(): Promise<void>;
  close(): Promise<void>;
}

/** Seeds the target, then starts query-svc over it as a process. */
async function startQuerySvc(
  children: ChildProcess[],
  target: MeiliTarget,
): Promise<{ pids: ServerPids; queryPort: number }> {
  const meili = new Meilisearch({
    host: target.url,
    ...(target.key ? { apiKey: target.key } : {}),
  });
  await seed(meili, target.names, orders, log);
  const queryPort = await getFreePort();
  const querySvc = await spawnReady(
    children,
    [packageBin("@orderlens/query-svc", "orderlens-query-svc"), "serve"],
    {
      QUERY_PORT: String(queryPort),
      QUERY_HOST: "127.0.0.1",
      MEILI_URL: target.url,
      MEILI_API_KEY: target.key ?? "",
      MEILI_INDEX_PREFIX: target.names.orders.replace(/orders$/, ""),
      ORDERLENS_AUTH_DISABLED: "true",
      LOG_LEVEL: "warn",
    },
    `http://127.0.0.1:${queryPort}/readyz`,
  );
  return { pids: { meili: target.pid, querySvc }, queryPort };
}

/**
 * The Meilisearch servers to measure, one at a time: MEILI_URL (with MEILI_MASTER_KEY) alone when
 * set, seeded under a throwaway prefix and cleaned up after; otherwise each engine of
 * BENCH_MEILI (both when the machine has a real one), started by the bench as a process.
 */
function meiliTargets(): (() => Promise<MeiliTarget>)[] {
  const external = process.env.MEILI_URL?.trim();
  if (external) {
    const key = process.env.MEILI_MASTER_KEY?.trim() || undefined;
    const names = createIndexNames(`bench_${randomBytes(4).toString("hex")}_`);
    return [
      async () => ({
        label: `${external}, index prefix ${names.orders.replace(/orders$/, "")}`,
        url: external,
        key,
        pid: undefined,
        names,
        cleanup: () => deleteIndexes(new Meilisearch({ host: external, apiKey: key }), names),
        close: async () => {},
      }),
    ];
  }
  const standInBin = packageBin("@orderlens/meili-stand-in", "meili-stand-in");
  return benchMeiliEngines().map((engine) => async () => {
    const meili = await startBenchMeili(engine, { standInBin });
    return {
      label: engine === "real" ? "real Meilisearch, spawned" : "the stand-in, spawned",
      url: meili.url,
      key: meili.masterKey,
      pid: meili.pid,
      names: createIndexNames(""),
      cleanup: async () => {},
      close: () => meili.close(),
    };
  });
}

async function deleteIndexes(meili: Meilisearch, names: IndexNames): Promise<void> {
  for (const uid of Object.keys(indexSettings(names))) {
    await meili
      .deleteIndex(uid)
      .waitTask()
      .catch(() => undefined);
  }
}

/** Every stage against one Meilisearch: through query-svc, then straight to Meilisearch. */
async function benchTarget(target: MeiliTarget): Promise<StageResult[][]> {
  log("");
  log(`=== Meilisearch: ${target.label}`);
  const children: ChildProcess[] = [];
  try {
    const { pids, queryPort } = await startQuerySvc(children, target);
    const client = createGrpcJsClient(ReportQueryService, `127.0.0.1:${queryPort}`);
    // Straight to Meilisearch twice: with the keep-alive client query-svc itself uses (the
    // strict baseline: only the query-svc hop differs) and with the official client's default
    // fetch, which is what an application calling Meilisearch directly would typically run.
    const keepAlive = createMeiliClient({ host: target.url, apiKey: target.key });
    const official = new Meilisearch({
      host: target.url,
      ...(target.key ? { apiKey: target.key } : {}),
    });
    const direct = [
      { name: "keep-alive client", meili: keepAlive.meili },
      { name: "official client, fetch", meili: official },
    ];
    const stages: StageResult[][] = [];
    for (const c of concurrencies) {
      stages.push(...(await stagesAt({ client, direct, names: target.names, pids }, c)));
    }
    client.close();
    keepAlive.close();
    printResults(stages);
    return stages;
  } finally {
    await target.cleanup();
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode === null ? once(c, "exit") : null)));
  }
}

async function main() {
  log(
    `bench:queries  ${orders} orders, concurrency ${concurrencies.join(", ")}, ${seconds} s per stage`,
  );
  for (const open of meiliTargets()) {
    const target = await open();
    try {
      await benchTarget(target);
    } finally {
      await target.close();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
