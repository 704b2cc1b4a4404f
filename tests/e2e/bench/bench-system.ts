#!/usr/bin/env node
// The whole system under an external load generator: command-svc, projector, query-svc and
// Meilisearch as processes beside MariaDB and RabbitMQ, all on this machine. ghz drives
// CreateOrder and CompleteOrder at concurrency 64 (32 each, the completions on orders created
// in a first, create-only phase); meanwhile the bench places a trickle of its own orders and
// times each reply until GetOrder(min_version) shows it (what a read-your-writes client sees).
// Every process's CPU over the measured phase is printed. Once per Meilisearch engine
// (BENCH_MEILI; both when the machine has a real one), in one run, so the engines compare.
//
// The machines are shared, so the targets are ratios to references measured in the same run, with
// the system up and idle: the rate to raw MySQL's rate for the same rows at the same concurrency
// (as bench:commands measures it), the lag to the median lag of the same probe with no load. Absolute
// figures are for reading only. The last line is the ratio line scripts read.
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  benchMeiliEngines,
  type ClosedLoopResult,
  packageBin,
  startBenchMeili,
  summarize,
} from "@orderlens/testing";
import { npmStartSettings, type System, startSystem, tokens } from "../src/system-harness.js";
import { findGhz, type GhzCall, ghzRun, type LoadFigures } from "./ghz.js";
import { cpuMs } from "./process-usage.js";
import { measureRawMysql } from "./raw-mysql-reference.js";

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const warmUpSeconds = 2;
const probeRate = Number(process.env.BENCH_PROBE_RATE ?? 10);
const log = (line: string) => process.stdout.write(`${line}\n`);
const ghz = findGhz();

/** The targets, as ratios to the same run's references. */
const targets = { rateOfRaw: 0.2, lagP99OfIdleP50: 20 };

const item = `{"productId":"sku-{{mod .RequestNumber 200}}","productName":"Bench product","quantity":1,"unitPriceMinor":"1999"}`;

/** ghz against command-svc over its reflection, authorised as the writer. */
function ghzCommand(
  system: System,
  call: "CreateOrder" | "CompleteOrder",
  data: string,
  args: string[],
): Promise<LoadFigures> {
  const request: GhzCall = {
    method: `orderlens.orders.v1.OrderCommandService.${call}`,
    call,
    data,
    metadata: { authorization: `Bearer ${tokens.writer}` },
    args,
  };
  return ghzRun(ghz, `127.0.0.1:${system.ports.command}`, request);
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
      await sleep(1000 / probeRate);
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

type Lag = ReturnType<typeof summarize> & { failed: number };

/** A reference's rate and latency, from a closed loop. */
interface RawFigures {
  concurrency: number;
  rate: number;
  p50: number;
  p99: number;
  errors: number;
}

interface EngineFigures {
  engine: string;
  raw: RawFigures;
  idleLag: Lag;
  pool: LoadFigures;
  mixed: LoadFigures[];
  lag: Lag;
  cpuPerSecond: Record<string, number>;
  wallSeconds: number;
}

/**
 * The probe alone, before any load: the lag the pipeline's own intervals and passes set. After a
 * warm-up, as the first orders also create the indexes and open every connection on their way.
 */
async function idleLagPhase(system: System, idPrefix: string): Promise<Lag> {
  const warmUp = lagProbe(system, `${idPrefix}w`);
  await sleep(warmUpSeconds * 1000);
  await warmUp.stop();
  log(`  idle phase: the lag probe alone at ${probeRate}/s for ${idleSeconds} s`);
  const probe = lagProbe(system, idPrefix);
  await sleep(idleSeconds * 1000);
  return probe.stop();
}

async function rawMysqlPhase(runId: string): Promise<RawFigures> {
  log(
    `  raw MySQL phase: an order's rows straight into MySQL at concurrency ${concurrency} for ${seconds} s`,
  );
  const r: ClosedLoopResult = await measureRawMysql(runId, concurrency, seconds * 1000);
  if (r.firstError) log(`  raw MySQL: the first error: ${(r.firstError as Error).message}`);
  const { count, p50, p99 } = summarize(r.latencies);
  return { concurrency, rate: (count / r.elapsedMs) * 1000, p50, p99, errors: r.errors };
}

async function benchEngine(system: System): Promise<EngineFigures> {
  const runId = randomBytes(3).toString("hex");
  const half = String(Math.max(1, concurrency / 2));
  const idleLag = await idleLagPhase(system, `i${runId}`);
  const raw = await rawMysqlPhase(runId);
  log(
    `  create-only phase: CreateOrder at concurrency ${concurrency} for ${seconds} s (the pool to complete)`,
  );
  const pool = await ghzCommand(system, "CreateOrder", createData(`p${runId}`), [
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
    ghzCommand(system, "CreateOrder", createData(`n${runId}`), [
      "--concurrency",
      half,
      "--duration",
      `${seconds}s`,
    ]),
    ghzCommand(system, "CompleteOrder", `{"orderId":"p${runId}-{{.RequestNumber}}"}`, [
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
  const engine = system.meili.engine;
  return { engine, raw, idleLag, pool, mixed, lag, cpuPerSecond, wallSeconds };
}

const sustained = (f: EngineFigures) => f.mixed.reduce((n, l) => n + l.rps, 0);
const rateOfRaw = (f: EngineFigures) => sustained(f) / f.raw.rate;
// The idle p50, not its p99: a few probes a second give about a hundred samples, whose p99 is
// their slowest one, at the mercy of whatever else the machine ran that second.
const lagOfIdle = (f: EngineFigures) => f.lag.p99 / f.idleLag.p50;
const met = (ok: boolean) => (ok ? "met" : "NOT MET");
const ms = (n: number) => `${n.toFixed(0)} ms`;

function loadRow(l: LoadFigures): string {
  return `  ${l.call.padEnd(14)} ${String(l.count).padStart(8)} calls ${l.rps.toFixed(0).padStart(6)}/s  p50 ${l.p50.toFixed(1).padStart(6)} ms  p99 ${l.p99.toFixed(1).padStart(7)} ms  ${l.errors} errors`;
}

function lagRow(what: string, lag: Lag): string {
  return `  ${what}, ${lag.count} probes, ${lag.failed} failed: p50 ${ms(lag.p50)}, p99 ${ms(lag.p99)}, max ${ms(lag.count ? lag.max : 0)}`;
}

function printReferences(f: EngineFigures): void {
  log("references, measured with the system up and idle:");
  log(
    `  raw MySQL: what one CreateOrder commits (its event, outbox row and the relay's delete, idempotency record), one transaction per order from this process, concurrency ${f.raw.concurrency}: ${f.raw.rate.toFixed(0)}/s, p50 ${f.raw.p50.toFixed(1)} ms, p99 ${f.raw.p99.toFixed(1)} ms, ${f.raw.errors} errors`,
  );
  log(lagRow("read-your-writes lag with no load (reply -> GetOrder(min_version))", f.idleLag));
}

function printEngine(f: EngineFigures): void {
  log("");
  log(`=== ${f.engine === "real" ? "real Meilisearch" : "Meilisearch stand-in"}`);
  printReferences(f);
  log("create-only phase:");
  log(loadRow(f.pool));
  log(`mixed phase (${f.wallSeconds.toFixed(1)} s):`);
  for (const l of f.mixed) log(loadRow(l));
  for (const l of [f.pool, ...f.mixed]) {
    for (const [message, count] of Object.entries(l.errorMessages)) {
      log(`  ${l.call}: ${count} x ${message}`);
    }
  }
  log(`  sustained CreateOrder + CompleteOrder: ${sustained(f).toFixed(0)} commands/s`);
  log(lagRow("read-your-writes lag under load", f.lag));
  log("  CPU per process over the mixed phase (ms of CPU per second; 2,000 = both cores):");
  for (const [name, cpu] of Object.entries(f.cpuPerSecond).sort((a, b) => b[1] - a[1])) {
    log(`    ${name.padEnd(22)} ${cpu.toFixed(0).padStart(6)}`);
  }
  const rate = rateOfRaw(f);
  const lag = lagOfIdle(f);
  log(
    `targets (ratios to the references above): rate >= ${targets.rateOfRaw * 100}% of raw MySQL: ${(rate * 100).toFixed(0)}%, ${met(rate >= targets.rateOfRaw)}; lag p99 <= x${targets.lagP99OfIdleP50} of the idle p50: x${lag.toFixed(1)}, ${met(lag <= targets.lagP99OfIdleP50)}`,
  );
}

/** Failed calls or probes make the figures not count: printed, and the run exits 1. */
function failures(f: EngineFigures): number {
  return (
    f.raw.errors +
    f.idleLag.failed +
    f.lag.failed +
    [f.pool, ...f.mixed].reduce((n, l) => n + l.errors, 0)
  );
}

/** The summary table, then the ratio line, last: every engine's figures on one line. */
function printSummary(figures: readonly EngineFigures[]): void {
  log("");
  log("engine      commands/s   raw MySQL/s   % of raw   lag p99   idle lag p50   x idle");
  for (const f of figures) {
    log(
      `${f.engine.padEnd(10)} ${sustained(f).toFixed(0).padStart(11)} ${f.raw.rate.toFixed(0).padStart(13)} ${(rateOfRaw(f) * 100).toFixed(0).padStart(9)}% ${ms(f.lag.p99).padStart(9)} ${ms(f.idleLag.p50).padStart(14)} ${lagOfIdle(f).toFixed(1).padStart(8)}`,
    );
  }
  const failed = figures.reduce((n, f) => n + failures(f), 0);
  if (failed > 0) {
    log(`${failed} calls or probes failed: these figures do not count`);
    process.exitCode = 1;
  }
  const engineLine = (f: EngineFigures) =>
    `${f.engine} ${sustained(f).toFixed(0)} commands/s = ${(rateOfRaw(f) * 100).toFixed(0)}% of raw MySQL (${f.raw.rate.toFixed(0)}/s), read-your-writes lag p99 x${lagOfIdle(f).toFixed(1)} of the idle p50 (${ms(f.lag.p99)} vs ${ms(f.idleLag.p50)})`;
  log(`system: ${figures.map(engineLine).join("; ")}`);
}

async function main() {
  const engines = benchMeiliEngines();
  log(
    `bench:system  ghz at concurrency ${concurrency}, ${seconds} s per phase, idle lag ${idleSeconds} s, Meilisearch: ${engines.join(" then ")}; ghz ${ghz}`,
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
  printSummary(figures);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
