// Throughput and latency of the one-port server per protocol, with an empty unary handler so
// the figures are the plumbing's own cost, once per logger mode (log-modes.ts): access logs off,
// today's pino logger, and the hand-written logger it replaced. Each mode gets a server process
// of its own so it doesn't share an event loop with the load generator; its CPU time per call
// is reported, and its stdout is a pipe this process drains, as a log collector would.
//
//   npm run build && npm run bench:server -w @orderlens/server
//   (BENCH_SECONDS=3, BENCH_ROUNDS=3, BENCH_LOG_MODES=off,old,pino; also pino-stream, pino-sync,
//   pino-async: see log-modes.ts)
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ReportQueryService } from "@orderlens/contracts";
import { percentile } from "@orderlens/testing";
import { defineService } from "../src/rpc-method.js";
import { createRpcServer } from "../src/server.js";
import { isLogMode, type LogMode, loggerFor, logLineCpuMicros } from "./log-modes.js";
import { load, scenarios } from "./rpc-load.js";

type ToChild = { cmd: "cpu" } | { cmd: "log-cost"; calls: number } | { cmd: "stop" };
type FromChild = { port: number } | { cpuMicros: number } | { logLineMicros: number };

async function serve(mode: LogMode): Promise<void> {
  const logger = loggerFor(mode);
  const server = createRpcServer({
    name: "bench",
    logger,
    authDisabled: true,
    services: [
      defineService({
        service: ReportQueryService,
        scopes: { default: null },
        impl: { getProjectionStatus: async () => ({}) },
      }),
    ],
  });
  const { port } = await server.listen(0, "127.0.0.1");
  process.on("message", (msg: ToChild) => {
    if (msg.cmd === "cpu") {
      const u = process.cpuUsage();
      process.send?.({ cpuMicros: u.user + u.system } satisfies FromChild);
    } else if (msg.cmd === "log-cost") {
      void logLineCpuMicros(logger, msg.calls).then((logLineMicros) =>
        process.send?.({ logLineMicros } satisfies FromChild),
      );
    } else {
      void server.close({ graceMs: 1000 }).then(() => process.exit(0));
    }
  });
  process.send?.({ port } satisfies FromChild);
}

interface BenchServer {
  port: number;
  cpuMicros(): Promise<number>;
  /** CPU µs per access-log line written in a loop (logLineCpuMicros). */
  logLineMicros(calls: number): Promise<number>;
  /** Bytes the server wrote to stdout so far (its log lines). */
  logBytes(): number;
  stop(): Promise<void>;
}

async function startServer(mode: LogMode): Promise<BenchServer> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", mode], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  let bytes = 0;
  child.stdout?.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
  });
  const next = () =>
    new Promise<FromChild>((resolve) => child.once("message", (m: FromChild) => resolve(m)));
  const ready = await next();
  if (!("port" in ready)) throw new Error("bench server did not report its port");
  return {
    port: ready.port,
    async cpuMicros() {
      const reply = next();
      child.send({ cmd: "cpu" } satisfies ToChild);
      const m = await reply;
      if (!("cpuMicros" in m)) throw new Error("unexpected reply");
      return m.cpuMicros;
    },
    async logLineMicros(calls) {
      const reply = next();
      child.send({ cmd: "log-cost", calls } satisfies ToChild);
      const m = await reply;
      if (!("logLineMicros" in m)) throw new Error("unexpected reply");
      return m.logLineMicros;
    },
    logBytes: () => bytes,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ cmd: "stop" } satisfies ToChild);
      await exited;
    },
  };
}

interface Result {
  mode: LogMode;
  protocol: string;
  concurrency: number;
  calls: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  serverCpuMsPerCall: number;
  logBytesPerCall: number;
}

const LOG_LINES = Number(process.env.BENCH_LOG_LINES ?? 100_000);

interface ModeRun {
  mode: LogMode;
  server: BenchServer;
  scenarios: ReturnType<typeof scenarios>;
}

async function measure(run: ModeRun, index: number, seconds: number): Promise<Result> {
  const s = run.scenarios.list[index];
  if (!s) throw new Error(`no scenario ${index}`);
  const cpu0 = await run.server.cpuMicros();
  const bytes0 = run.server.logBytes();
  const { latencies, errors, elapsed } = await load(s.call, s.concurrency, seconds);
  const cpu1 = await run.server.cpuMicros();
  latencies.sort((a, b) => a - b);
  const calls = Math.max(1, latencies.length);
  return {
    mode: run.mode,
    protocol: s.protocol,
    concurrency: s.concurrency,
    calls: latencies.length,
    errors,
    seconds: elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    serverCpuMsPerCall: (cpu1 - cpu0) / 1000 / calls,
    logBytesPerCall: (run.server.logBytes() - bytes0) / calls,
  };
}

/**
 * Every mode's server runs at once and the modes take turns, protocol by protocol, round after
 * round, so load from elsewhere on the machine falls on all of them alike; per mode and protocol
 * the round with the median CPU per call is kept.
 */
async function benchModes(modes: LogMode[], seconds: number, rounds: number): Promise<Result[]> {
  const runs: ModeRun[] = [];
  for (const mode of modes) {
    const server = await startServer(mode);
    runs.push({ mode, server, scenarios: scenarios(server.port) });
  }
  for (const run of runs) {
    for (const s of run.scenarios.list) await load(s.call, s.concurrency, 1); // JIT, connections
  }
  const results: Result[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < 3; i++)
      for (const run of runs) results.push(await measure(run, i, seconds));
  }
  const lineCosts = await lineCostsOf(runs);
  for (const run of runs) {
    run.scenarios.close();
    await run.server.stop();
  }
  printLineCosts(lineCosts);
  return medianRounds(results);
}

async function lineCostsOf(runs: ModeRun[]): Promise<Map<LogMode, number[]>> {
  const costs = new Map<LogMode, number[]>(runs.map((r) => [r.mode, []]));
  for (let round = 0; round < 3; round++) {
    for (const run of runs) costs.get(run.mode)?.push(await run.server.logLineMicros(LOG_LINES));
  }
  return costs;
}

function printLineCosts(costs: Map<LogMode, number[]>): void {
  const shown = [...costs].map(([mode, us]) => {
    const sorted = [...us].sort((a, b) => a - b);
    return `${mode} ${sorted[0]?.toFixed(2)} (median ${sorted[1]?.toFixed(2)})`;
  });
  console.log(
    `access-log line alone, CPU µs per line, best of 3 interleaved runs of ${LOG_LINES}: ${shown.join(", ")}\n`,
  );
}

function medianRounds(results: Result[]): Result[] {
  const groups = new Map<string, Result[]>();
  for (const r of results) {
    const key = `${r.mode} ${r.protocol}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rs) => {
    const sorted = [...rs].sort((a, b) => a.serverCpuMsPerCall - b.serverCpuMsPerCall);
    return sorted[Math.floor((sorted.length - 1) / 2)] as Result;
  });
}

function printTable(results: Result[], seconds: number, rounds: number): void {
  const header = ["logs", "protocol", "conc", "calls/s", "p50 ms", "p99 ms", "server CPU ms/call"];
  const rows = results.map((r) => [
    r.mode,
    r.protocol,
    String(r.concurrency),
    Math.round(r.calls / r.seconds).toString(),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    r.serverCpuMsPerCall.toFixed(3),
    r.logBytesPerCall.toFixed(0),
    String(r.errors),
  ]);
  header.push("log bytes/call", "errors");
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  console.log(
    `one-port server, empty unary handler, ${seconds} s per protocol and mode, median of ${rounds} rounds; a server process per logger mode (access logs at info; "off" = level warn)`,
  );
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 3);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const modes = (process.env.BENCH_LOG_MODES ?? "off,old,pino").split(",").map((m) => m.trim());
  const unknown = modes.filter((m) => !isLogMode(m));
  if (unknown.length > 0) throw new Error(`unknown BENCH_LOG_MODES: ${unknown.join(", ")}`);
  const results = await benchModes(modes.filter(isLogMode), seconds, rounds);
  printTable(results, seconds, rounds);
}

const serveAt = process.argv.indexOf("--serve");
if (serveAt >= 0) {
  const mode = process.argv[serveAt + 1] ?? "off";
  if (!isLogMode(mode)) throw new Error(`unknown log mode ${mode}`);
  await serve(mode);
} else {
  await main();
}
