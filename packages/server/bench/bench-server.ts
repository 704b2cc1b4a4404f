// Throughput and latency of the one-port server per protocol, with an empty unary handler so
// the figures are the plumbing's own cost, once per logger mode (log-modes.ts): access logs off,
// today's pino logger, and the hand-written logger it replaced. Read against a bare grpc-js echo
// (bare-grpc-echo.ts) measured in the same rounds with the same grpc client and concurrency: the
// machine is shared, so the ratios are the result and the absolute figures are for reading. Each
// server has a process of its own (server-process.ts) so it doesn't share an event loop with the
// load generator; its CPU time per call is reported. The last line is the ratio line.
//
//   npm run build && npm run bench:server -w @orderlens/server
//   (BENCH_SECONDS=3, BENCH_ROUNDS=3, BENCH_LOG_LINES=100000, BENCH_LOG_MODES=off,old,pino; also
//   pino-stream, pino-sync, pino-async: see log-modes.ts)
import { fileURLToPath } from "node:url";
import { ReportQueryService } from "@orderlens/contracts";
import { percentile } from "@orderlens/testing";
import { defineService } from "../src/rpc-method.js";
import { createRpcServer } from "../src/server.js";
import { isLogMode, type LogMode, loggerFor, logLineCpuMicros } from "./log-modes.js";
import { load, PROTOCOLS, type Protocol, type Scenario, scenarios } from "./rpc-load.js";
import { answerParent, type BenchServer, startServerProcess } from "./server-process.js";

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
  answerParent({
    port,
    close: () => server.close({ graceMs: 1000 }),
    logLineMicros: (calls) => logLineCpuMicros(logger, calls),
  });
}

const ECHO = "bare grpc-js echo";
const oursLabel = (mode: LogMode) => `one-port, logs ${mode}`;

/** A server under load: one of ours in a logger mode, or the bare echo (mode null). */
interface Target {
  label: string;
  mode: LogMode | null;
  server: BenchServer;
  scenarios: Scenario[];
  close(): void;
}

async function startTarget(mode: LogMode | null): Promise<Target> {
  const server =
    mode === null
      ? await startServerProcess(fileURLToPath(new URL("./bare-grpc-echo.js", import.meta.url)), [
          "--serve",
        ])
      : await startServerProcess(fileURLToPath(import.meta.url), ["--serve", mode]);
  const clients = scenarios(server.port);
  // The echo speaks gRPC only; it is measured with the very client the grpc scenario uses.
  const list = mode === null ? clients.list.filter((s) => s.protocol === "grpc") : clients.list;
  const label = mode === null ? ECHO : oursLabel(mode);
  return { label, mode, server, scenarios: list, close: clients.close };
}

interface Result {
  label: string;
  protocol: Protocol;
  concurrency: number;
  calls: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  serverCpuMsPerCall: number;
  logBytesPerCall: number;
}

const callsPerSecond = (r: Result) => r.calls / r.seconds;

async function measure(target: Target, s: Scenario, seconds: number): Promise<Result> {
  const cpu0 = await target.server.cpuMicros();
  const bytes0 = target.server.logBytes();
  const { latencies, errors, elapsed } = await load(s.call, s.concurrency, seconds);
  const cpu1 = await target.server.cpuMicros();
  latencies.sort((a, b) => a - b);
  const calls = Math.max(1, latencies.length);
  return {
    label: target.label,
    protocol: s.protocol,
    concurrency: s.concurrency,
    calls: latencies.length,
    errors,
    seconds: elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    serverCpuMsPerCall: (cpu1 - cpu0) / 1000 / calls,
    logBytesPerCall: (target.server.logBytes() - bytes0) / calls,
  };
}

/**
 * Every server runs at once and they take turns, protocol by protocol, round after round, so
 * load from elsewhere on the machine falls on all of them alike; per server and protocol the
 * round with the median CPU per call is kept.
 */
async function benchTargets(
  modes: LogMode[],
  seconds: number,
  rounds: number,
  logLines: number,
): Promise<Result[]> {
  const targets: Target[] = [];
  for (const mode of [null, ...modes]) targets.push(await startTarget(mode));
  for (const t of targets) {
    for (const s of t.scenarios) await load(s.call, s.concurrency, 1); // JIT, connections
  }
  const results: Result[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const protocol of PROTOCOLS) {
      for (const t of targets) {
        const s = t.scenarios.find((x) => x.protocol === protocol);
        if (s) results.push(await measure(t, s, seconds));
      }
    }
  }
  const lineCosts = await lineCostsOf(targets, logLines);
  for (const t of targets) {
    t.close();
    await t.server.stop();
  }
  printLineCosts(lineCosts, logLines);
  return medianRounds(results);
}

async function lineCostsOf(targets: Target[], logLines: number): Promise<Map<LogMode, number[]>> {
  const costs = new Map<LogMode, number[]>();
  for (let round = 0; round < 3; round++) {
    for (const t of targets) {
      if (t.mode === null) continue; // the echo writes no log lines
      costs.set(t.mode, [...(costs.get(t.mode) ?? []), await t.server.logLineMicros(logLines)]);
    }
  }
  return costs;
}

function printLineCosts(costs: Map<LogMode, number[]>, logLines: number): void {
  const shown = [...costs].map(([mode, us]) => {
    const sorted = [...us].sort((a, b) => a - b);
    return `${mode} ${sorted[0]?.toFixed(2)} (median ${sorted[1]?.toFixed(2)})`;
  });
  console.log(
    `access-log line alone, CPU µs per line, best of 3 interleaved runs of ${logLines}: ${shown.join(", ")}\n`,
  );
}

function medianRounds(results: Result[]): Result[] {
  const groups = new Map<string, Result[]>();
  for (const r of results) {
    const key = `${r.label} ${r.protocol}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rs) => {
    const sorted = [...rs].sort((a, b) => a.serverCpuMsPerCall - b.serverCpuMsPerCall);
    return sorted[Math.floor((sorted.length - 1) / 2)] as Result;
  });
}

function findResult(results: Result[], label: string, protocol: Protocol): Result {
  const r = results.find((x) => x.label === label && x.protocol === protocol);
  if (!r) throw new Error(`no result for ${label} ${protocol}`);
  if (r.calls === 0) throw new Error(`${label} ${protocol}: no call succeeded`);
  return r;
}

const percentOf = (value: number, reference: number) => `${Math.round((100 * value) / reference)}%`;
const times = (value: number, reference: number) => `x${(value / reference).toFixed(2)}`;

function printTable(results: Result[], seconds: number, rounds: number): void {
  const echo = findResult(results, ECHO, "grpc");
  const header = ["server", "protocol", "conc", "calls/s", "p50 ms", "p99 ms"];
  header.push("server CPU ms/call", "log bytes/call", "errors", "calls/s of echo", "CPU/call");
  const rows = results.map((r) => [
    r.label,
    r.protocol,
    String(r.concurrency),
    Math.round(callsPerSecond(r)).toString(),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    r.serverCpuMsPerCall.toFixed(3),
    r.logBytesPerCall.toFixed(0),
    String(r.errors),
    percentOf(callsPerSecond(r), callsPerSecond(echo)),
    times(r.serverCpuMsPerCall, echo.serverCpuMsPerCall),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  console.log(
    `empty unary handler, ${seconds} s per protocol and server, median of ${rounds} rounds; a process per server; access logs at info ("off" = level warn)`,
  );
  console.log(
    `reference: ${ECHO} (plain grpc.Server, one unary handler for ${ReportQueryService.name}/GetProjectionStatus answering the same empty bytes, nothing else), its grpc row; the last two columns are against it, calls/s and ms are for reading only`,
  );
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
}

/** The last line: our grpc, connect and grpc-web against the echo, in one logger mode. */
function ratioLine(results: Result[], mode: LogMode): string {
  const echo = findResult(results, ECHO, "grpc");
  const grpc = findResult(results, oursLabel(mode), "grpc");
  const connect = findResult(results, oursLabel(mode), "connect");
  const grpcWeb = findResult(results, oursLabel(mode), "grpc-web");
  const reference = callsPerSecond(echo);
  return [
    `server: logs ${mode}, grpc ${Math.round(callsPerSecond(grpc))} calls/s = ${percentOf(callsPerSecond(grpc), reference)}`,
    ` of a ${ECHO} (${Math.round(reference)} calls/s),`,
    ` server CPU/call ${times(grpc.serverCpuMsPerCall, echo.serverCpuMsPerCall)} of it;`,
    ` connect ${percentOf(callsPerSecond(connect), reference)},`,
    ` grpc-web ${percentOf(callsPerSecond(grpcWeb), reference)} of the same echo's calls/s`,
  ].join("");
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 3);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const logLines = Number(process.env.BENCH_LOG_LINES ?? 100_000);
  const named = (process.env.BENCH_LOG_MODES ?? "off,old,pino").split(",").map((m) => m.trim());
  const unknown = named.filter((m) => !isLogMode(m));
  if (unknown.length > 0) throw new Error(`unknown BENCH_LOG_MODES: ${unknown.join(", ")}`);
  const modes = named.filter(isLogMode);
  // Logs off is the plumbing alone; another mode stands in only when off is not measured.
  const ratioMode = modes.includes("off") ? "off" : modes[0];
  if (!ratioMode) throw new Error("BENCH_LOG_MODES names no mode");
  const results = await benchTargets(modes, seconds, rounds, logLines);
  printTable(results, seconds, rounds);
  console.log(ratioLine(results, ratioMode));
}

const serveAt = process.argv.indexOf("--serve");
if (serveAt >= 0) {
  const mode = process.argv[serveAt + 1] ?? "off";
  if (!isLogMode(mode)) throw new Error(`unknown log mode ${mode}`);
  await serve(mode);
} else {
  await main();
}
