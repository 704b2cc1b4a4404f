#!/usr/bin/env node
// Drain benchmark: N orders (4 events each) are committed to a fresh event store and queued on
// RabbitMQ as the relay would; then a projector process starts and we time it until every event
// is applied and every document pushed, and check the result with verify (a full replay).
// Then Rebuild replays the whole store into a new index generation, and verify runs again.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createTopology } from "@orderlens/bus";
import { ProjectorAdmin } from "@orderlens/contracts";
import { createDatabase } from "@orderlens/event-store";
import { createIndexNames } from "@orderlens/meili-indexes";
import { silentLogger, startMeiliStandIn } from "@orderlens/meili-stand-in";
import { createGrpcJsClient } from "@orderlens/server";
import { getFreePort, packageBin, waitFor } from "@orderlens/testing";
import amqp from "amqplib";
import { Meilisearch } from "meilisearch";
import mysql from "mysql2/promise";
import { verifyProjection } from "../src/verify/verify-projection.js";
import { seedEvents } from "./seed-events.js";
import { measureVisibleLag } from "./visible-lag.js";

const orders = Number(process.env.BENCH_ORDERS ?? 50_000);
const run = randomBytes(3).toString("hex");
const server = new URL(
  process.env.MYSQL_URL ?? "mysql://orderlens_dev:orderlens-dev@127.0.0.1:3306",
);
const dbUrl = (name: string) => {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
};
const eventsUrl = dbUrl(`bench_proj_events_${run}`);
const readUrl = dbUrl(`bench_proj_read_${run}`);
const amqpUrl = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const prefix = `bench.proj.${run}`;
const log = (msg: string) => process.stdout.write(`${msg}\n`);

function spawnProjector(port: number, meiliUrl: string): ChildProcess {
  const cli = packageBin("@orderlens/projector", "orderlens-projector");
  return spawn(process.execPath, [cli, "serve"], {
    env: {
      ...process.env,
      PROJECTOR_PORT: String(port),
      PROJECTOR_HOST: "127.0.0.1",
      MYSQL_URL: eventsUrl,
      PROJECTOR_MYSQL_URL: readUrl,
      AMQP_URL: amqpUrl,
      AMQP_PREFIX: prefix,
      MEILI_URL: meiliUrl,
      ORDERLENS_AUTH_DISABLED: "true",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

const DIRTY_ROWS =
  "SELECT (SELECT COUNT(*) FROM projected_orders WHERE dirty) + (SELECT COUNT(*) FROM sales_month_product WHERE dirty) + (SELECT COUNT(*) FROM sales_month_region WHERE dirty) + (SELECT COUNT(*) FROM sales_daily WHERE dirty) AS n";

/** Waits until every event is applied (drained) and no row is left to push (converged). */
async function waitDrained(port: number, started: number, total: number) {
  await waitFor(
    async () =>
      (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok || undefined,
    { timeoutMs: 30_000 },
  );
  const read = await mysql.createConnection({ uri: readUrl });
  let applied = 0;
  let drainedAt = 0;
  const ticker = setInterval(
    () =>
      log(`  t=${((performance.now() - started) / 1000).toFixed(0)}s applied ${applied}/${total}`),
    2_000,
  );
  const count = (sql: string, ifNone: number) =>
    read.query(sql).then(([r]) => Number((r as { n: number }[])[0]?.n ?? ifNone));
  await waitFor(
    async () => {
      const [progress, dirty] = await Promise.all([
        count("SELECT COALESCE(SUM(applied_events), 0) AS n FROM projector_progress", 0),
        count(DIRTY_ROWS, 1),
      ]);
      applied = progress;
      if (applied >= total && !drainedAt) drainedAt = performance.now();
      return applied >= total && dirty === 0 ? true : undefined;
    },
    { timeoutMs: 30 * 60_000, intervalMs: 100, description: "the projection to drain" },
  ).finally(() => clearInterval(ticker));
  const convergedAt = performance.now();
  await read.end();
  return { drainedAt, convergedAt };
}

/** Rebuild through the admin API, timed, then Verify; true when verify is clean after it. */
async function rebuildAndVerify(port: number): Promise<boolean> {
  const admin = createGrpcJsClient(ProjectorAdmin, `127.0.0.1:${port}`);
  const rebuildStarted = performance.now();
  const rebuilt = await admin.rebuild({});
  const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
  const afterRebuild = await admin.verify({});
  admin.close();
  log(
    `rebuild: ${rebuilt.eventsReplayed} events replayed, ${rebuilt.documentsWritten} documents written to generation ${rebuilt.generation} and swapped in, in ${rebuildSeconds.toFixed(1)} s; verify after: ${afterRebuild.clean ? "clean" : "DIFFERENT"}`,
  );
  return afterRebuild.clean;
}

/** Drain, verify, rebuild and verify again; the exit status says whether both were clean. */
async function drainBench(port: number, started: number, meiliUrl: string, total: number) {
  const { drainedAt, convergedAt } = await waitDrained(port, started, total);
  // Its own pool, closed after: an open pool would keep the bench from exiting.
  const eventStore = createDatabase({ url: eventsUrl, connectionLimit: 2 }).db;
  const report = await verifyProjection({
    eventStore,
    meili: new Meilisearch({ host: meiliUrl }),
    indexes: createIndexNames(""),
    timeZone: "UTC",
  }).finally(() => eventStore.destroy());
  const applySeconds = (drainedAt - started) / 1000;
  const convergeSeconds = (convergedAt - started) / 1000;
  log("");
  log(
    `applied ${total} events in ${applySeconds.toFixed(1)} s: ${(total / applySeconds).toFixed(0)} events/s (all in MySQL read schema)`,
  );
  log(
    `converged (every document pushed) in ${convergeSeconds.toFixed(1)} s: ${(total / convergeSeconds).toFixed(0)} events/s (target >= 5000)`,
  );
  log(
    `verify: ${report.clean ? "clean" : "DIFFERENT"}, ${report.documentsChecked} documents checked, ${report.differenceCount} differences`,
  );
  const rebuiltClean = await rebuildAndVerify(port);
  process.exitCode = report.clean && rebuiltClean ? 0 : 1;
}

async function dropEverything(): Promise<void> {
  const admin = await mysql.createConnection({ uri: server.toString() });
  await admin.query(`DROP DATABASE IF EXISTS \`bench_proj_events_${run}\``);
  await admin.query(`DROP DATABASE IF EXISTS \`bench_proj_read_${run}\``);
  await admin.end();
  const conn = await amqp.connect(amqpUrl);
  const topology = createTopology({ prefix, partitions: 8 });
  for (const name of topology.names()) {
    const ch = await conn.createChannel();
    ch.on("error", () => {});
    await ch.deleteQueue(name).catch(() => {});
    await ch.deleteExchange(name).catch(() => {});
    await ch.close().catch(() => {});
  }
  await conn.close();
}

async function main() {
  log(`bench:projector  ${orders} orders, 8 partitions, Meilisearch stand-in`);
  const meili = await startMeiliStandIn({ port: 0, logger: silentLogger });
  let child: ChildProcess | undefined;
  try {
    const total = await seedEvents({ run, orders, eventsUrl, amqpUrl, prefix, log });
    const port = await getFreePort();
    const started = performance.now();
    child = spawnProjector(port, meili.url);
    await drainBench(port, started, meili.url, total);
    const lagSeconds = Number(process.env.BENCH_LAG_SECONDS ?? 20);
    if (lagSeconds > 0) {
      log("");
      await measureVisibleLag({
        eventsUrl,
        amqpUrl,
        prefix,
        meiliUrl: meili.url,
        ratePerSecond: 500,
        seconds: lagSeconds,
        log,
      });
    }
  } finally {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
    await meili.close();
    await dropEverything();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
