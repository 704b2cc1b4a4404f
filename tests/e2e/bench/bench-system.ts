#!/usr/bin/env node
// The whole system under an external load generator: command-svc, projector, query-svc and
// Meilisearch as processes beside MariaDB and RabbitMQ, all on this machine. ghz drives
// CreateOrder and CompleteOrder at concurrency 64 (32 each, the completions on orders created
// in a first, create-only phase); meanwhile the bench places a trickle of its own orders and
// times each reply until GetOrder(min_version) shows it (what a read-your-writes client sees).
// Every process's CPU over the measured phase is printed. Once per Meilisearch engine
// (BENCH_MEILI; both when the machine has a real one), in one run, so the engines compare.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  benchMeiliEngines,
  findGoTool,
  packageBin,
  startBenchMeili,
  summarize,
} from "@orderlens/testing";
import { npmStartSettings, type System, startSystem, tokens } from "../src/system-harness.js";
import { cpuMs } from "./process-usage.js";

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const probeRate = Number(process.env.BENCH_PROBE_RATE ?? 10);
const log = (line: string) => process.stdout.write(`${line}\n`);
const run = promisify(execFile);
const ghz = findGoTool(
  "ghz",
  process.env.GHZ,
  "Install it with: GOFLAGS=-mod=mod go install github.com/bojand/ghz/cmd/ghz@v0.120.0, or point $GHZ at a binary.",
);

/** What ghz's JSON report says of one run. */
interface GhzReport {
  count: number;
  total: number;
  rps: number;
  latencyDistribution: { percentage: number; latency: number }[] | null;
  statusCodeDistribution: Record<string, number>;
  errorDistribution: Record<string, number> | null;
}

interface LoadFigures {
  call: string;
  count: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const item = `{"productId":"sku-{{mod .RequestNumber 200}}","productName":"Bench product","quantity":1,"unitPriceMinor":"1999"}`;

/** ghz against command-svc over its reflection, authorised as the writer. */
async function ghzRun(
  system: System,
  call: "CreateOrder" | "CompleteOrder",
  data: string,
  args: string[],
): Promise<LoadFigures> {
  const metadata = JSON.stringify({ authorization: `Bearer ${tokens.writer}` });
  const { stdout } = await run(
    ghz,
    [
      "--insecure",
      "--call",
      `orderlens.orders.v1.OrderCommandService.${call}`,
      "--metadata",
      metadata,
      "--reflect-metadata",
      metadata,
      "--data",
      data,
      "--format",
      "json",
      // Calls still in flight when the duration ends finish and count, rather than being
      // cancelled and reported as errors.
      "--duration-stop",
      "wait",
      ...args,
      `127.0.0.1:${system.ports.command}`,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return loadFigures(call, JSON.parse(stdout) as GhzReport);
}

function loadFigures(call: string, r: GhzReport): LoadFigures {
  const at = (p: number) =>
    (r.latencyDistribution?.find((d) => d.percentage === p)?.latency ?? Number.NaN) / 1e6;
  const errors = Object.entries(r.statusCodeDistribution ?? {})
    .filter(([code]) => code !== "OK")
    .reduce((n, [, count]) => n + count, 0);
  for (const [message, count] of Object.entries(r.errorDistribution ?? {})) {
    log(`  ${call}: ${count} x ${message}`);
  }
  return { call, count: r.count, rps: r.rps, p50: at(50), p99: at(99), errors };
}

function createData(idPrefix: string): string {
  return `{"orderId":"${idPrefix}-{{.RequestNumber}}","requestId":"${idPrefix}-{{.RequestNumber}}","customerId":"c-{{mod .RequestNumber 5000}}","region":"eu-west","currency":"EUR","items":[${item}]}`;
}

/**
 * Places `probeRate` orders a second through the bench's own client and times each reply until
 * query-svc's GetOrder(min_version) shows that version.
 */
function lagProbe(system: System, idPrefix: string) {
  const lags: number[] = [];
  let failed = 0;
  let running = true;
  const one = async (i: number) => {
    const created = await system.commands.createOrder({
      orderId: `${idPrefix}-${i}`,
      customerId: "probe",
      region: "eu-west",
      currency: "EUR",
      items: [{ productId: "probe", productName: "Probe", quantity: 1, unitPriceMinor: 100n }],
    });
    const committed = performance.now();
    const order = await system.queries.getOrder({
      orderId: `${idPrefix}-${i}`,
      minVersion: created.outcome?.version ?? 1n,
      maxWait: { seconds: 10n, nanos: 0 },
    });
    if (!order.order) throw new ConnectError("no order", Code.NotFound);
    lags.push(performance.now() - committed);
  };
  const loop = (async () => {
    const inflight: Promise<void>[] = [];
    for (let i = 0; running; i++) {
      inflight.push(one(i).catch(() => void failed++));
      await new Promise((r) => setTimeout(r, 1000 / probeRate));
    }
    await Promise.all(inflight);
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ...summarize(lags), failed };
    },
  };
}

/** The processes whose CPU the bench reports: the services, Meilisearch, MariaDB, RabbitMQ. */
async function processes(system: System): Promise<Record<string, number>> {
  const found: Record<string, number> = {
    "command-svc": system.pids.command,
    projector: system.pids.projector,
    "query-svc": system.pids.query,
  };
  if (system.meili.pid)
    found[system.meili.engine === "real" ? "meilisearch" : "stand-in"] = system.meili.pid;
  for (const pid of (await readdir("/proc")).filter((d) => /^\d+$/.test(d))) {
    const comm = (await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "")).trim();
    if (comm === "mariadbd") found.mariadbd = Number(pid);
    if (comm === "beam.smp") found["rabbitmq (beam.smp)"] = Number(pid);
  }
  return found;
}

async function cpuOf(pids: Record<string, number>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids))
    out[name] = await cpuMs(pid).catch(() => Number.NaN);
  return out;
}

interface EngineFigures {
  engine: string;
  pool: LoadFigures;
  mixed: LoadFigures[];
  lag: ReturnType<typeof summarize> & { failed: number };
  cpuPerSecond: Record<string, number>;
  wallSeconds: number;
}

async function benchEngine(system: System): Promise<EngineFigures> {
  const runId = randomBytes(3).toString("hex");
  const half = String(Math.max(1, concurrency / 2));
  log(
    `  create-only phase: CreateOrder at concurrency ${concurrency} for ${seconds} s (the pool to complete)`,
  );
  const pool = await ghzRun(system, "CreateOrder", createData(`p${runId}`), [
    "--concurrency",
    String(concurrency),
    "--duration",
    `${seconds}s`,
  ]);
  log(
    `  mixed phase: CreateOrder and CompleteOrder at concurrency ${half} each for ${seconds} s, probe at ${probeRate}/s`,
  );
  const pids = await processes(system);
  const before = await cpuOf(pids);
  const started = performance.now();
  const probe = lagProbe(system, `l${runId}`);
  const mixed = await Promise.all([
    ghzRun(system, "CreateOrder", createData(`n${runId}`), [
      "--concurrency",
      half,
      "--duration",
      `${seconds}s`,
    ]),
    ghzRun(system, "CompleteOrder", `{"orderId":"p${runId}-{{.RequestNumber}}"}`, [
      "--concurrency",
      half,
      "--duration",
      `${seconds}s`,
      "--total",
      String(pool.count),
    ]),
  ]);
  const wallSeconds = (performance.now() - started) / 1000;
  const after = await cpuOf(pids);
  const lag = await probe.stop();
  const cpuPerSecond = Object.fromEntries(
    Object.keys(pids).map((name) => [
      name,
      ((after[name] ?? 0) - (before[name] ?? 0)) / wallSeconds,
    ]),
  );
  return { engine: system.meili.engine, pool, mixed, lag, cpuPerSecond, wallSeconds };
}

function printEngine(f: EngineFigures): void {
  const row = (l: LoadFigures) =>
    `  ${l.call.padEnd(14)} ${String(l.count).padStart(8)} calls ${l.rps.toFixed(0).padStart(6)}/s  p50 ${l.p50.toFixed(1).padStart(6)} ms  p99 ${l.p99.toFixed(1).padStart(7)} ms  ${l.errors} errors`;
  log("");
  log(`=== ${f.engine === "real" ? "real Meilisearch" : "Meilisearch stand-in"}`);
  log("create-only phase:");
  log(row(f.pool));
  log(`mixed phase (${f.wallSeconds.toFixed(1)} s):`);
  for (const l of f.mixed) log(row(l));
  const total = f.mixed.reduce((n, l) => n + l.rps, 0);
  log(`  sustained CreateOrder + CompleteOrder: ${total.toFixed(0)} commands/s`);
  log(
    `  visible lag (reply -> GetOrder(min_version)), ${f.lag.count} probes, ${f.lag.failed} failed: p50 ${f.lag.p50.toFixed(0)} ms, p99 ${f.lag.p99.toFixed(0)} ms, max ${(f.lag.count ? f.lag.max : 0).toFixed(0)} ms (target p99 <= 1000 ms)`,
  );
  log("  CPU per process over the mixed phase (ms of CPU per second; 2,000 = both cores):");
  for (const [name, ms] of Object.entries(f.cpuPerSecond).sort((a, b) => b[1] - a[1])) {
    log(`    ${name.padEnd(22)} ${ms.toFixed(0).padStart(6)}`);
  }
}

async function main() {
  const engines = benchMeiliEngines();
  log(
    `bench:system  ghz at concurrency ${concurrency}, ${seconds} s per phase, Meilisearch: ${engines.join(" then ")}; ghz ${ghz}`,
  );
  const standInBin = packageBin("@orderlens/meili-stand-in", "meili-stand-in");
  const figures: EngineFigures[] = [];
  for (const engine of engines) {
    const meili = await startBenchMeili(engine, { standInBin });
    try {
      const system = await startSystem("bench system", { meili, env: npmStartSettings });
      try {
        figures.push(await benchEngine(system));
        printEngine(figures.at(-1) as EngineFigures);
      } finally {
        await system.stop();
      }
    } finally {
      await meili.close();
    }
  }
  log("");
  log("engine      commands/s   lag p50   lag p99");
  for (const f of figures) {
    const total = f.mixed.reduce((n, l) => n + l.rps, 0);
    log(
      `${f.engine.padEnd(10)} ${total.toFixed(0).padStart(11)} ${f.lag.p50.toFixed(0).padStart(6)} ms ${f.lag.p99.toFixed(0).padStart(6)} ms`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
