// Throughput and latency of the one-port server per protocol, with an empty unary handler so
// the figures are the plumbing's own cost, once per logger mode (log-modes.ts): access logs off,
// today's pino logger, and the hand-written logger it replaced. Each mode gets a server process
// of its own so it doesn't share an event loop with the load generator; its CPU time per call
// is reported, and its stdout is a pipe this process drains, as a log collector would.
//
//   npm run build && npm run bench:server     (BENCH_SECONDS=5, BENCH_LOG_MODES=off,old,pino;
//                                              also pino-sync, pino-stream)
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { ReportQueryService } from "@orderlens/contracts";
import { createGrpcJsClient } from "../grpc-js-client.js";
import { defineService } from "../rpc-method.js";
import { createRpcServer } from "../server.js";
import { isLogMode, type LogMode, loggerFor, logLineCpuMicros } from "./log-modes.js";

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

async function load(
  call: () => Promise<unknown>,
  concurrency: number,
  seconds: number,
): Promise<{ latencies: number[]; errors: number; elapsed: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        await call();
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, errors, elapsed: (performance.now() - start) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function scenarios(port: number) {
  const grpcClient = createGrpcJsClient(ReportQueryService, `127.0.0.1:${port}`);
  const baseUrl = `http://127.0.0.1:${port}`;
  const connectClient: Client<typeof ReportQueryService> = createClient(
    ReportQueryService,
    createConnectTransport({ httpVersion: "1.1", baseUrl }),
  );
  const grpcWebClient: Client<typeof ReportQueryService> = createClient(
    ReportQueryService,
    createGrpcWebTransport({ httpVersion: "1.1", baseUrl }),
  );
  const list = [
    { protocol: "grpc", concurrency: 64, call: () => grpcClient.getProjectionStatus({}) },
    { protocol: "connect", concurrency: 32, call: () => connectClient.getProjectionStatus({}) },
    { protocol: "grpc-web", concurrency: 32, call: () => grpcWebClient.getProjectionStatus({}) },
  ];
  return { list, close: () => grpcClient.close() };
}

const LOG_LINES = Number(process.env.BENCH_LOG_LINES ?? 100_000);

async function benchMode(
  mode: LogMode,
  seconds: number,
): Promise<{ results: Result[]; lineMicros: number }> {
  const server = await startServer(mode);
  const { list, close } = scenarios(server.port);
  const results: Result[] = [];
  for (const s of list) {
    await load(s.call, s.concurrency, 1); // warm-up: JIT, connections
    const cpu0 = await server.cpuMicros();
    const bytes0 = server.logBytes();
    const { latencies, errors, elapsed } = await load(s.call, s.concurrency, seconds);
    const cpu1 = await server.cpuMicros();
    latencies.sort((a, b) => a - b);
    const calls = Math.max(1, latencies.length);
    results.push({
      mode,
      protocol: s.protocol,
      concurrency: s.concurrency,
      calls: latencies.length,
      errors,
      seconds: elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      serverCpuMsPerCall: (cpu1 - cpu0) / 1000 / calls,
      logBytesPerCall: (server.logBytes() - bytes0) / calls,
    });
  }
  close();
  // Best of three: the least disturbed by whatever else runs on the machine.
  const lineCosts: number[] = [];
  for (let i = 0; i < 3; i++) lineCosts.push(await server.logLineMicros(LOG_LINES));
  await server.stop();
  return { results, lineMicros: Math.min(...lineCosts) };
}

function printTable(results: Result[], seconds: number): void {
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
    `one-port server, empty unary handler, ${seconds} s per protocol, server in a child process per logger mode (access logs at info; "off" = level warn)`,
  );
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const modes = (process.env.BENCH_LOG_MODES ?? "off,old,pino").split(",").map((m) => m.trim());
  const unknown = modes.filter((m) => !isLogMode(m));
  if (unknown.length > 0) throw new Error(`unknown BENCH_LOG_MODES: ${unknown.join(", ")}`);
  const results: Result[] = [];
  const lineCosts: string[] = [];
  for (const mode of modes.filter(isLogMode)) {
    const measured = await benchMode(mode, seconds);
    results.push(...measured.results);
    lineCosts.push(`${mode} ${measured.lineMicros.toFixed(2)}`);
  }
  printTable(results, seconds);
  console.log(
    `\naccess-log line alone, CPU µs per line (best of 3 x ${LOG_LINES}): ${lineCosts.join(", ")}`,
  );
}

const serveAt = process.argv.indexOf("--serve");
if (serveAt >= 0) {
  const mode = process.argv[serveAt + 1] ?? "off";
  if (!isLogMode(mode)) throw new Error(`unknown log mode ${mode}`);
  await serve(mode);
} else {
  await main();
}
