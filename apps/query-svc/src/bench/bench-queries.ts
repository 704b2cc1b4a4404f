#!/usr/bin/env node
// Query latency and throughput: 100k projected orders (and their sales documents) in a
// Meilisearch(-compatible) server; GetSalesReport and SearchOrders through query-svc with
// grpc-js clients at concurrency 32, then the same reads straight to Meilisearch, for the
// overhead ratio. Each server runs in its own process.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
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
import { createIndexNames, ensureIndexes } from "@orderlens/read-model";
import { createGrpcJsClient } from "@orderlens/server";
import { getFreePort, waitFor } from "@orderlens/testing";
import { Meilisearch } from "meilisearch";

const orders = Number(process.env.BENCH_ORDERS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const log = (line: string) => process.stdout.write(`${line}\n`);
const require = createRequire(import.meta.url);

const regions = ["eu-west", "eu-north", "us-east", "us-west", "apac", "latam"];
const statuses = ["pending", "completed", "completed", "completed", "cancelled"] as const;
const month = (i: number) => `2026-${String((i % 12) + 1).padStart(2, "0")}`;

function spawnReady(args: string[], env: NodeJS.ProcessEnv, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return waitFor(async () => (await fetch(url).catch(() => undefined))?.ok || undefined, {
    timeoutMs: 30_000,
  }).then(() => child);
}

async function seed(meili: Meilisearch): Promise<void> {
  // The projector's own index settings, so queries run against what production serves.
  await ensureIndexes(meili, createIndexNames(""));
  const docs = [];
  type RegionRow = {
    id: string;
    month: string;
    region: string;
    currency: string;
    quantity: number;
    revenueMinor: number;
    completedOrders: number;
  };
  const regionRows = new Map<string, RegionRow>();
  const sales = new Map<
    string,
    {
      id: string;
      month: string;
      productId: string;
      productName: string;
      currency: string;
      quantity: number;
      revenueMinor: number;
      completedOrders: number;
    }
  >();
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
    docs.push({
      id: `o-${i}`,
      orderId: `o-${i}`,
      customerId: `c-${i % 5_000}`,
      region: regions[i % 6],
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
      const region = regions[i % 6] ?? "eu-west";
      const rkey = `${month(i)}__${region}__${currency}`;
      const r = regionRows.get(rkey) ?? {
        id: rkey,
        month: month(i),
        region,
        currency,
        quantity: 0,
        revenueMinor: 0,
        completedOrders: 0,
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
      .index("orders")
      .addDocuments(docs.slice(i, i + 20_000), { primaryKey: "id" })
      .waitTask({ timeout: 120_000 });
  }
  await meili
    .index("sales_by_product_month")
    .addDocuments([...sales.values()], { primaryKey: "id" })
    .waitTask({ timeout: 120_000 });
  await meili
    .index("sales_by_region_month")
    .addDocuments([...regionRows.values()], { primaryKey: "id" })
    .waitTask({ timeout: 120_000 });
  log(
    `seeded ${orders} orders, ${sales.size} product x month and ${regionRows.size} region x month sales documents`,
  );
}

async function closedLoop(
  label: string,
  op: (i: number) => Promise<unknown>,
): Promise<{ label: string; qps: number; p50: number; p99: number; errors: number }> {
  for (let i = 0; i < 50; i++) await op(i);
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
  return { label, qps: latencies.length / elapsed, p50: pct(50), p99: pct(99), errors };
}

async function main() {
  log(`bench:queries  ${orders} orders, concurrency ${concurrency}, ${seconds} s per stage`);
  const meiliPort = await getFreePort();
  const queryPort = await getFreePort();
  const standInCli = join(
    dirname(require.resolve("@orderlens/testing/package.json")),
    "dist/meili/cli.js",
  );
  const children: ChildProcess[] = [];
  try {
    children.push(
      await spawnReady(
        [standInCli],
        { MEILI_PORT: String(meiliPort), MEILI_MASTER_KEY: "bench" },
        `http://127.0.0.1:${meiliPort}/health`,
      ),
    );
    const meili = new Meilisearch({ host: `http://127.0.0.1:${meiliPort}`, apiKey: "bench" });
    await seed(meili);
    const cli = fileURLToPath(new URL("../cli.js", import.meta.url));
    children.push(
      await spawnReady(
        [cli, "serve"],
        {
          QUERY_PORT: String(queryPort),
          QUERY_HOST: "127.0.0.1",
          MEILI_URL: `http://127.0.0.1:${meiliPort}`,
          MEILI_API_KEY: "bench",
          ORDERLENS_AUTH_DISABLED: "true",
          LOG_LEVEL: "warn",
        },
        `http://127.0.0.1:${queryPort}/readyz`,
      ),
    );
    const client = createGrpcJsClient(ReportQueryService, `127.0.0.1:${queryPort}`);
    const results = [
      await closedLoop("GetSalesReport (query-svc)", (i) =>
        client.getSalesReport({
          range: { case: "months", value: { from: month(i), to: month(i) } },
          groupBy: SalesGroupBy.PRODUCT,
          rankBy: SalesRankBy.REVENUE,
          topN: 10,
        }),
      ),
      await closedLoop("  same read, Meilisearch", (i) =>
        meili
          .index("sales_by_product_month")
          .getDocuments({ filter: [`month IN ["${month(i)}"]`], limit: 1_000 }),
      ),
      await closedLoop("SearchOrders (query-svc)", (i) =>
        client.searchOrders({
          filter: { statuses: [OrderStatus.COMPLETED], regions: [regions[i % 6] ?? "eu-west"] },
          facets: [OrderFacet.STATUS],
          pageSize: 20,
        }),
      ),
      await closedLoop("  same search, Meilisearch", (i) =>
        meili.index("orders").search("", {
          filter: [`status IN ["completed"]`, `region IN ["${regions[i % 6]}"]`],
          sort: ["createdAt:desc"],
          page: 1,
          hitsPerPage: 20,
          facets: ["status"],
        }),
      ),
    ];
    client.close();
    log("");
    log("query                              queries/s   p50 ms   p99 ms   errors");
    for (const r of results) {
      log(
        `${r.label.padEnd(34)} ${r.qps.toFixed(0).padStart(9)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(r.errors).padStart(8)}`,
      );
    }
    const [report, reportDirect, search, searchDirect] = results;
    if (report && reportDirect && search && searchDirect) {
      log("");
      log(
        `overhead (p50 through query-svc / straight to Meilisearch): report ${(report.p50 / reportDirect.p50).toFixed(2)}x, search ${(search.p50 / searchDirect.p50).toFixed(2)}x (target <= 1.5x); p99 report ${report.p99.toFixed(1)} ms, search ${search.p99.toFixed(1)} ms (target <= 15 ms)`,
      );
    }
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode === null ? once(c, "exit") : null)));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
