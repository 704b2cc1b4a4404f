#!/usr/bin/env node
// CreateOrder throughput and latency over gRPC at several concurrencies, with the outbox depth
// sampled each second, and the raw MySQL rate of the same rows (no gRPC, no domain) in the same
// run as the reference: the machines are shared, so the targets are ratios to it, and the
// absolute figures are for reading only. command-svc runs in a child process so the load
// generator doesn't share its CPU. The last line is the ratio line scripts read.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createTopology, declareTopology } from "@orderlens/bus";
import { OrderCommandService } from "@orderlens/contracts";
import { mysqlConnectionOptions, uuidV7 } from "@orderlens/event-store";
import { createGrpcJsClient } from "@orderlens/server";
import {
  type ClosedLoopResult,
  closedLoop,
  getFreePort,
  joinResults,
  openRawOrderWriter,
  packageBin,
  summarize,
  waitFor,
} from "@orderlens/testing";
import amqp from "amqplib";
import mysql from "mysql2/promise";

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const concurrencies = (process.env.BENCH_CONCURRENCY ?? "1,16,64").split(",").map(Number);
const serverUrl = new URL(
  process.env.MYSQL_URL ?? "mysql://orderlens_dev:orderlens-dev@127.0.0.1:3306",
);
const amqpUrl = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const run = randomBytes(3).toString("hex");
const dbName = `bench_commands_${run}`;
serverUrl.pathname = `/${dbName}`;
const mysqlUrl = serverUrl.toString();
const prefix = `bench.${run}`;
const token = "bench-token";
const poolSize = Number(process.env.MYSQL_POOL_SIZE ?? 64);

const log = (msg: string) => process.stdout.write(`${msg}\n`);

/** The targets, as ratios to the raw MySQL stage at the highest concurrency. */
const targets = { rateOfRaw: 0.5, p99OfRaw: 2 };

function orderRequest(i: number) {
  return {
    requestId: `bench-${run}-${i}`,
    customerId: `cust-${i % 5000}`,
    region: ["eu-west", "eu-north", "us-east", "us-west", "apac", "latam"][i % 6] ?? "eu-west",
    currency: "EUR",
    items: [
      {
        productId: `sku-${i % 200}`,
        productName: `Product ${i % 200}`,
        quantity: 1 + (i % 5),
        unitPriceMinor: 1_999n,
      },
      {
        productId: `sku-${(i + 7) % 200}`,
        productName: `Product ${(i + 7) % 200}`,
        quantity: 2,
        unitPriceMinor: 450n,
      },
    ],
  };
}

/** The event's payload the raw stage writes: the request itself, about the size of the event. */
function orderPayload(i: number): string {
  return JSON.stringify(orderRequest(i), (_, v) => (typeof v === "bigint" ? v.toString() : v));
}

async function startService(): Promise<{ child: ChildProcess; port: number }> {
  const cli = packageBin("@orderlens/command-svc", "orderlens-command-svc");
  const port = await getFreePort();
  // BENCH_SERVICE_NODE_ARGS="--cpu-prof" profiles the service under load.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, cli, "serve"], {
    env: {
      ...process.env,
      COMMAND_PORT: String(port),
      COMMAND_HOST: "127.0.0.1",
      MYSQL_URL: mysqlUrl,
      MYSQL_POOL_SIZE: String(poolSize),
      AMQP_URL: amqpUrl,
      AMQP_PREFIX: prefix,
      ORDERLENS_TOKENS: `bench:${token}=orders:write`,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`command-svc exited with ${code}`);
  });
  const ready = waitFor(
    async () =>
      (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok === true ||
      undefined,
    { timeoutMs: 30_000, description: "command-svc to be ready" },
  );
  await Promise.race([ready, exited]);
  return { child, port };
}

async function drainBus(): Promise<() => Promise<void>> {
  const topology = createTopology({ prefix, partitions: 8 });
  const conn = await amqp.connect(amqpUrl);
  const ch = await conn.createChannel();
  await declareTopology(ch, topology);
  await ch.prefetch(500);
  for (const q of topology.partitionQueues) await ch.consume(q, (m) => m && ch.ack(m));
  return async () => {
    const cleanup = await conn.createChannel();
    for (const name of topology.names()) {
      await cleanup.deleteQueue(name).catch(() => {});
    }
    await conn.close().catch(() => {});
    const conn2 = await amqp.connect(amqpUrl);
    const ch2 = await conn2.createChannel();
    for (const name of [
      topology.eventsExchange,
      topology.parkingExchange,
      ...topology.retryTiers.map((t) => t.exchange),
    ]) {
      await ch2.deleteExchange(name).catch(() => {});
    }
    await conn2.close();
  };
}

interface Stage {
  label: string;
  concurrency: number;
  ops: number;
  perSecond: number;
  p50: number;
  p99: number;
  maxOutbox: number;
  finalOutbox: number;
}

/** One line of the results table from a closed loop's latencies. */
function stage(
  label: string,
  concurrency: number,
  r: { latencies: number[]; elapsedMs: number },
  outbox: { max: number; end: number } = { max: 0, end: 0 },
): Stage {
  const { count, p50, p99 } = summarize(r.latencies);
  return {
    label,
    concurrency,
    ops: count,
    perSecond: (count / r.elapsedMs) * 1000,
    p50,
    p99,
    maxOutbox: outbox.max,
    finalOutbox: outbox.end,
  };
}

type CommandClient = ReturnType<typeof createGrpcJsClient<typeof OrderCommandService>>;

/** Order numbers handed out so far: every CreateOrder of the run is a new order. */
let issued = 0;

function createOrders(client: CommandClient) {
  const base = issued;
  return {
    op: (i: number) => client.createOrder(orderRequest(base + i)),
    done(r: ClosedLoopResult) {
      issued = base + r.latencies.length + r.errors;
    },
  };
}

/** The outbox's depth now, logged and kept. */
function outboxSampler(monitor: mysql.Connection, concurrency: number) {
  const depths: number[] = [];
  return {
    depths,
    async sample() {
      const [rows] = await monitor.query("SELECT COUNT(*) AS n FROM outbox");
      const n = Number((rows as { n: number }[])[0]?.n ?? 0);
      depths.push(n);
      log(`  c=${concurrency} t=${depths.length}s outbox depth ${n}`);
    },
  };
}

/** CreateOrder over gRPC at a concurrency below the compared one, sampling the outbox. */
async function grpcStage(client: CommandClient, monitor: mysql.Connection, concurrency: number) {
  const outbox = outboxSampler(monitor, concurrency);
  const orders = createOrders(client);
  const r = await closedLoop(concurrency, seconds * 1_000, orders.op, outbox.sample);
  orders.done(r);
  reportErrors(`gRPC at concurrency ${concurrency}`, r);
  await new Promise((res) => setTimeout(res, 1_000));
  await outbox.sample();
  const depth = { max: Math.max(...outbox.depths), end: outbox.depths.at(-1) ?? 0 };
  return stage("gRPC CreateOrder", concurrency, r, depth);
}

/**
 * At the compared concurrency, gRPC and the raw reference take turns in slices of a second until
 * each has had its seconds: load from elsewhere on the machine then falls on both alike, where
 * back to back a burst could land on one of them only.
 */
async function comparedStages(
  client: CommandClient,
  monitor: mysql.Connection,
  concurrency: number,
): Promise<[Stage, Stage]> {
  const outbox = outboxSampler(monitor, concurrency);
  const raw = openRawOrderWriter({
    mysqlUrl,
    concurrency,
    newId: uuidV7,
    payload: orderPayload,
    run,
  });
  const grpcSlices: ClosedLoopResult[] = [];
  const rawSlices: ClosedLoopResult[] = [];
  try {
    for (let s = 0; s < seconds; s++) {
      const orders = createOrders(client);
      const slice = await closedLoop(concurrency, 1_000, orders.op);
      orders.done(slice);
      grpcSlices.push(slice);
      await outbox.sample();
      rawSlices.push(await raw.run(1_000));
    }
  } finally {
    await raw.close();
  }
  const [grpc, direct] = [joinResults(grpcSlices), joinResults(rawSlices)];
  reportErrors(`gRPC at concurrency ${concurrency}`, grpc);
  reportErrors("raw MySQL", direct);
  await new Promise((res) => setTimeout(res, 1_000));
  await outbox.sample();
  const depth = { max: Math.max(...outbox.depths), end: outbox.depths.at(-1) ?? 0 };
  return [
    stage("gRPC CreateOrder", concurrency, grpc, depth),
    stage("raw MySQL inserts", concurrency, direct),
  ];
}

/** Every concurrency over gRPC, the highest in turns with the raw reference; raw last. */
async function allStages(client: CommandClient, monitor: mysql.Connection): Promise<Stage[]> {
  // Warm-up: JIT, pools, the relay's channel.
  const warm = createOrders(client);
  warm.done(await closedLoop(8, 2_000, warm.op));
  const top = concurrencies.at(-1) ?? 64;
  const stages: Stage[] = [];
  for (const c of concurrencies.slice(0, -1)) stages.push(await grpcStage(client, monitor, c));
  stages.push(...(await comparedStages(client, monitor, top)));
  return stages;
}

/** Failed calls are printed and fail the run: figures with failures in them do not count. */
function reportErrors(what: string, r: ClosedLoopResult): void {
  if (r.errors === 0) return;
  log(`  ${what}: ${r.errors} calls failed, the first: ${(r.firstError as Error)?.message}`);
  process.exitCode = 1;
}

function printStages(stages: readonly Stage[]): void {
  log("");
  log("stage               conc   commands/s   p50 ms   p99 ms   outbox max   outbox end");
  for (const s of stages) {
    log(
      `${s.label.padEnd(19)} ${String(s.concurrency).padStart(4)} ${s.perSecond.toFixed(0).padStart(12)} ${s.p50.toFixed(2).padStart(8)} ${s.p99.toFixed(2).padStart(8)} ${String(s.maxOutbox).padStart(12)} ${String(s.finalOutbox).padStart(12)}`,
    );
  }
}

const met = (ok: boolean) => (ok ? "met" : "NOT MET");

/** The targets as ratios to the raw stage, then the ratio line, last. */
function printRatios(top: Stage, raw: Stage): void {
  const rate = top.perSecond / raw.perSecond;
  const p99 = top.p99 / raw.p99;
  log("");
  log(
    `reference: raw MySQL, what one CreateOrder commits (its event, outbox row and the relay's delete, idempotency record) as one transaction per order from this process, at concurrency ${raw.concurrency}, same server and run`,
  );
  log(
    `targets at concurrency ${top.concurrency}: rate >= ${targets.rateOfRaw * 100}% of raw: ${(rate * 100).toFixed(0)}%, ${met(rate >= targets.rateOfRaw)}; p99 <= x${targets.p99OfRaw.toFixed(1)} of raw p99: x${p99.toFixed(2)}, ${met(p99 <= targets.p99OfRaw)}`,
  );
  log(
    `commands: c=${top.concurrency} ${top.perSecond.toFixed(0)} commands/s = ${(rate * 100).toFixed(0)}% of raw MySQL (${raw.perSecond.toFixed(0)}/s), p99 x${p99.toFixed(2)} of raw (${top.p99.toFixed(1)} ms vs ${raw.p99.toFixed(1)} ms), outbox max ${top.maxOutbox}, end ${top.finalOutbox}`,
  );
}

async function main() {
  log(
    `bench:commands  ${seconds}s per stage, concurrency ${concurrencies.join("/")}, mysql pool ${poolSize}`,
  );
  log(`database ${dbName}, exchange prefix ${prefix}`);
  const { child, port } = await startService();
  const stopDrain = await drainBus();
  const monitor = await mysql.createConnection(mysqlConnectionOptions(mysqlUrl));
  const client = createGrpcJsClient(OrderCommandService, `127.0.0.1:${port}`, { token });
  let stages: Stage[];
  try {
    stages = await allStages(client, monitor);
  } finally {
    client.close();
    child.kill("SIGTERM");
    await once(child, "exit");
    await monitor.query(`DROP DATABASE \`${dbName}\``);
    await monitor.end();
    await stopDrain();
  }
  printStages(stages);
  printRatios(stages.at(-2) as Stage, stages.at(-1) as Stage);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
