#!/usr/bin/env node
// Query latency and throughput: 100k projected orders (and their sales documents) in a
// Meilisearch(-compatible) server; GetSalesReport and SearchOrders through query-svc with
// grpc-js clients at concurrency 32 (or a BENCH_CONCURRENCY list), then the same reads straight
// to Meilisearch, for the overhead ratio. Each server runs in its own process, and the CPU each
// process spends per query is printed, because on a small machine the three share the cores.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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
  ensureIndexes,
  type IndexNames,
  indexSettings,
  type OrderDocument,
  type ProductMonthDocument,
  type RegionMonthDocument,
} from "@orderlens/read-model";
import { createGrpcJsClient } from "@orderlens/server";
import { getFreePort, waitFor } from "@orderlens/testing";
import { Meilisearch } from "meilisearch";

const orders = Number(process.env.BENCH_ORDERS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
// A list ("1,8,32") sweeps: the latency without contention next to the issue's concurrency.
const concurrencies = (process.env.BENCH_CONCURRENCY ?? "32").split(",").map(Number);
// e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the servers under load.
const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
const log = (line: string) => process.stdout.write(`${line}\n`);
const require = createRequire(import.meta.url);

const regions = ["eu-west", "eu-north", "us-east", "us-west", "apac", "latam"];
const statuses = ["pending", "completed", "completed", "completed", "cancelled"] as const;
const month = (i: number) => `2026-${String((i % 12) + 1).padStart(2, "0")}`;

function spawnReady(args: string[], env: NodeJS.ProcessEnv, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return waitFor(async () => (await fetch(url).catch(() => undefined))?.ok || undefined, {
    timeoutMs: 30_000,
  }).then(() => child);
}

async function pushChild(
  children: ChildProcess[],
  ready: Promise<ChildProcess>,
): Promise<number | undefined> {
  const child = await ready;
  children.push(child);
  return child.pid;
}

async function seed(meili: Meilisearch, names: IndexNames): Promise<void> {
  // The projector's own index settings, so queries run against what production serves.
  await ensureIndexes(meili, names);
  const docs: OrderDocument[] = [];
  const regionRows = new Map<string, RegionMonthDocument>();
  const sales = new Map<string, ProductMonthDocument>();
  for (let i = 0; i < orders; i++) {
    const status = statuses[i % 5] ?? "pending";
    const items = [0, 1].map((k) => {
      const p = (i * 7 + k * 13) % 200;
      return {
        productId: `sku-${p}`,
        productName: `Product ${p}`,
        quantity: 1 + (i % 3),
        unitPriceMinor: 500 + p,
        lineTotalMinor: (1 + (i % 3)) * (500 + p),
      };
    });
    const total = items.reduce((s, it) => s + it.lineTotalMinor, 0);
    const createdAt = Date.UTC(2026, i % 12, 1 + (i % 28), i % 24);
    const region = regions[i % 6] ?? "eu-west";
    docs.push({
      id: `o-${i}`,
      orderId: `o-${i}`,
      customerId: `c-${i % 5_000}`,
      region,
      status,
      currency: i % 4 === 0 ? "USD" : "EUR",
      items,
      productIds: items.map((x) => x.productId),
      productNames: items.map((x) => x.productName),
      totalMinor: total,
      createdAt,
      completedAt: status === "completed" ? createdAt + 3_600_000 : null,
      cancelledAt: status === "cancelled" ? createdAt + 3_600_000 : null,
      cancelReason: status === "cancelled" ? "bench" : null,
      month: month(i),
      day: new Date(createdAt).toISOString().slice(0, 10),
      version: 2,
    });
    if (status === "completed") {
      const currency = i % 4 === 0 ? "USD" : "EUR";
      const rkey = `${month(i)}__${region}__${currency}`;
      const r = regionRows.get(rkey) ?? {
        id: rkey,
        month: month(i),
        region,
        currency,
        quantity: 0,
        revenueMinor: 0,
        completedOrders: 0,
        cancelledOrders: 0,
      };
      r.quantity += items.reduce((q, x) => q + x.quantity, 0);
      r.revenueMinor += total;
      r.completedOrders += 1;
      regionRows.set(rkey, r);
      for (const it of items) {
        const key = `${month(i)}__${it.productId}__${i % 4 === 0 ? "USD" : "EUR"}`;
        const row = sales.get(key) ?? {
          id: key,
          month: month(i),
          productId: it.productId,
          productName: it.productName,
          currency: i % 4 === 0 ? "USD" : "EUR",
          quantity: 0,
          revenueMinor: 0,
          completedOrders: 0,
        };
        row.quantity += it.quantity;
        row.revenueMinor += it.lineTotalMinor;
        row.completedOrders += 1;
        sales.set(key, row);
      }
    }
  }
  for (let i = 0; i < docs.length; i += 20_000) {
    await meili
      .index(names.orders)
      .addDocuments(docs.slice(i, i + 20_000), { primaryKey: "id" })
      .waitTask({ timeout: 120_000 });
  }
  await meili
    .index(names.salesByProductMonth)
    .addDocuments([...sales.values()], { primaryKey: "id" })
    .waitTask({ timeout: 120_000 });
  await meili
    .index(names.salesByRegionMonth)
    .addDocuments([...regionRows.values()], { primaryKey: "id" })
    .waitTask({ timeout: 120_000 });
  log(
    `seeded ${orders} orders, ${sales.size} product x month and ${regionRows.size} region x month sales documents`,
  );
}

/** CPU seconds a process has used so far (Linux /proc; clock ticks are 1/100 s). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

type StageResult = {
  label: string;
  concurrency: number;
  qps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU milliseconds per query in each process. */
  cpu: { loadgen: number; querySvc: number; meili: number };
};

const processes: { meili?: number; querySvc?: number } = {};

async function sequence<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await run(item));
  return out;
}

async function closedLoop(
  label: string,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<StageResult> {
  for (let i = 0; i < 50; i++) await op(i);
  const cpuBefore = {
    loadgen: process.cpuUsage(),
    querySvc: cpuSeconds(processes.querySvc),
    meili: cpuSeconds(processes.meili),
  };
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await op(n++);
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ??
    Number.NaN;
  const done = latencies.length;
  const loadgen = process.cpuUsage(cpuBefore.loadgen);
  const cpu = {
    loadgen: (loadgen.user + loadgen.system) / 1000 / done,
    querySvc: ((cpuSeconds(processes.querySvc) - cpuBefore.querySvc) * 1000) / done,
    meili: ((cpuSeconds(processes.meili) - cpuBefore.meili) * 1000) / done,
  };
  return { label, concurrency, qps: done / elapsed, p50: pct(50), p99: pct(99), errors, cpu };
}

async function main() {
  log(
    `bench:queries  ${orders} orders, concurrency ${concurrencies.join(", ")}, ${seconds} s per stage`,
  );
  // MEILI_URL (with MEILI_MASTER_KEY): a real Meilisearch, ideally on its own machine, seeded
  // under a throwaway prefix and cleaned up after. Otherwise a stand-in process is spawned.
  const external = process.env.MEILI_URL?.trim();
  const meiliKey = external ? process.env.MEILI_MASTER_KEY?.trim() || undefined : "bench";
  const names = createIndexNames(external ? `bench_${randomBytes(4).toString("hex")}_` : "");
  const meiliPort = await getFreePort();
  const meiliUrl = external || `http://127.0.0.1:${meiliPort}`;
  log(
    `Meilisearch: ${external ? `${external}, index prefix ${names.orders.replace(/orders$/, "")}` : "the stand-in, spawned"}`,
  );
  const queryPort = await getFreePort();
  const standInCli = join(
    dirname(require.resolve("@orderlens/testing/package.json")),
    "dist/meili/cli.js",
  );
  const children: ChildProcess[] = [];
  const meili = new Meilisearch({ host: meiliUrl, ...(meiliKey ? { apiKey: meiliKey } : {}) });
  try {
    if (!external) {
      processes.meili = await pushChild(
        children,
        spawnReady(
          [standInCli],
          { MEILI_PORT: String(meiliPort), MEILI_MASTER_KEY: "bench" },
          `${meiliUrl}/health`,
        ),
      );
    }
    await seed(meili, names);
    const cli = fileURLToPath(new URL("../cli.js", import.meta.url));
    processes.querySvc = await pushChild(
      children,
      spawnReady(
        [cli, "serve"],
        {
          QUERY_PORT: String(queryPort),
          QUERY_HOST: "127.0.0.1",
          MEILI_URL: meiliUrl,
          MEILI_API_KEY: meiliKey ?? "",
          MEILI_INDEX_PREFIX: names.orders.replace(/orders$/, ""),
          ORDERLENS_AUTH_DISABLED: "true",
          LOG_LEVEL: "warn",
        },
        `http://127.0.0.1:${queryPort}/readyz`,
      ),
    );
    const client = createGrpcJsClient(ReportQueryService, `127.0.0.1:${queryPort}`);
    // Straight to Meilisearch twice: with the keep-alive client query-svc itself uses (the
    // strict baseline: only the query-svc hop differs) and with the official client's default
    // fetch, which is what an application calling Meilisearch directly would typically run.
    const keepAlive = createMeiliClient({ host: meiliUrl, apiKey: meiliKey });
    const direct = [
      { name: "keep-alive client", meili: keepAlive.meili },
      { name: "official client, fetch", meili },
    ];
    // The reads GetSalesReport makes for an unfiltered product report: the month's product
    // rows, and the month's region rows for exact order totals, issued together.
    const reportReads = (m: Meilisearch, i: number) =>
      Promise.all(
        [names.salesByProductMonth, names.salesByRegionMonth].map((index) =>
          m.index(index).getDocuments({ filter: [`month IN ["${month(i)}"]`], limit: 1_000 }),
        ),
      );
    const search = (m: Meilisearch, i: number) =>
      m.index(names.orders).search("", {
        filter: [`status IN ["completed"]`, `region IN ["${regions[i % 6]}"]`],
        sort: ["createdAt:desc"],
        page: 1,
        hitsPerPage: 20,
        facets: ["status"],
      });
    const stages: StageResult[][] = [];
    for (const c of concurrencies) {
      stages.push([
        await closedLoop("GetSalesReport, query-svc", c, (i) =>
          client.getSalesReport({
            range: { case: "months", value: { from: month(i), to: month(i) } },
            groupBy: SalesGroupBy.PRODUCT,
            rankBy: SalesRankBy.REVENUE,
            topN: 10,
          }),
        ),
        ...(await sequence(direct, (d) =>
          closedLoop(`  same reads, ${d.name}`, c, (i) => reportReads(d.meili, i)),
        )),
      ]);
      stages.push([
        await closedLoop("SearchOrders, query-svc", c, (i) =>
          client.searchOrders({
            filter: { statuses: [OrderStatus.COMPLETED], regions: [regions[i % 6] ?? "eu-west"] },
            facets: [OrderFacet.STATUS],
            pageSize: 20,
          }),
        ),
        ...(await sequence(direct, (d) =>
          closedLoop(`  same search, ${d.name}`, c, (i) => search(d.meili, i)),
        )),
      ]);
    }
    client.close();
    keepAlive.close();
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
        `${via.label} at concurrency ${via.concurrency}: p99 ${via.p99.toFixed(1)} ms (target <= 15 ms); p50 ${(via.p50 / strict.p50).toFixed(2)}x the keep-alive client's, ${(via.p50 / official.p50).toFixed(2)}x the official client's (target <= 1.5x)`,
      );
    }
  } finally {
    if (external) {
      for (const uid of Object.keys(indexSettings(names)))
        await meili
          .deleteIndex(uid)
          .waitTask()
          .catch(() => undefined);
    }
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode === null ? once(c, "exit") : null)));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
