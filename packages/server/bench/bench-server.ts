// Throughput and latency of the one-port server per protocol, with an empty unary handler so
// the figures are the plumbing's own cost. The server runs in a child process so it doesn't
// share an event loop with the load generator; its CPU time per call is reported too. CreateOrder
// runs against two servers side by side, one checking the contract's request rules and one not,
// and the rules' own cost is timed in-process as well.
//
//   npm run build && npm run bench:server -w @orderlens/server     (BENCH_SECONDS=5 by default)
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { OrderCommandService, ReportQueryService } from "@orderlens/contracts";
import { summarize } from "@orderlens/testing";
import { createGrpcJsClient } from "../src/grpc-js-client.js";
import { createLogger } from "../src/logger.js";
import { defineService } from "../src/rpc-method.js";
import { createRpcServer } from "../src/server.js";
import { timeRequestRules } from "./request-rules-cost.js";

type ToChild = { cmd: "cpu" } | { cmd: "stop" };
type FromChild = { port: number; unvalidatedPort: number } | { cpuMicros: number };

/** A typical command: three lines, every rule of the request evaluated. */
const createOrder = {
  requestId: "bench-req-1",
  customerId: "c-42",
  region: "eu-west",
  currency: "EUR",
  items: [1, 2, 3].map((i) => ({
    productId: `p-${i}`,
    productName: `Product ${i}`,
    quantity: i,
    unitPriceMinor: BigInt(100 * i),
  })),
};

function benchServer(validateRequests: boolean) {
  return createRpcServer({
    name: "bench",
    // Per-call info lines would measure stdout, not the server.
    logger: createLogger({ service: "bench", level: "warn" }),
    authDisabled: true,
    validateRequests,
    defaultMetrics: validateRequests,
    services: [
      defineService({
        service: ReportQueryService,
        scopes: { default: null },
        impl: { getProjectionStatus: async () => ({}) },
      }),
      defineService({
        service: OrderCommandService,
        scopes: { default: null },
        impl: { createOrder: async () => ({}) },
      }),
    ],
  });
}

async function serve(): Promise<void> {
  const server = benchServer(true);
  const unvalidated = benchServer(false);
  const { port } = await server.listen(0, "127.0.0.1");
  const { port: unvalidatedPort } = await unvalidated.listen(0, "127.0.0.1");
  process.on("message", (msg: ToChild) => {
    if (msg.cmd === "cpu") {
      const u = process.cpuUsage();
      process.send?.({ cpuMicros: u.user + u.system } satisfies FromChild);
    } else {
      const closing = [server, unvalidated].map((s) => s.close({ graceMs: 1000 }));
      void Promise.all(closing).then(() => process.exit(0));
    }
  });
  process.send?.({ port, unvalidatedPort } satisfies FromChild);
}

interface Result {
  protocol: string;
  concurrency: number;
  calls: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  serverCpuMsPerCall: number;
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

/** The server in a child process, and a way to ask for its CPU time so far. */
async function startServerChild() {
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () =>
    new Promise<FromChild>((resolve) => child.once("message", (m: FromChild) => resolve(m)));
  const ready = await next();
  if (!("port" in ready)) throw new Error("bench server did not report its port");
  const cpuMicros = async () => {
    const reply = next();
    child.send({ cmd: "cpu" } satisfies ToChild);
    const m = await reply;
    if (!("cpuMicros" in m)) throw new Error("unexpected reply");
    return m.cpuMicros;
  };
  return {
    port: ready.port,
    unvalidatedPort: ready.unvalidatedPort,
    cpuMicros,
    stop: () => child.send({ cmd: "stop" } satisfies ToChild),
  };
}

/** One client per protocol, each calling the empty handler, and CreateOrder with rules off/on. */
function scenarios(port: number, unvalidatedPort: number) {
  const grpcClient = createGrpcJsClient(ReportQueryService, `127.0.0.1:${port}`);
  const commands = createGrpcJsClient(OrderCommandService, `127.0.0.1:${port}`);
  const uncheckedCommands = createGrpcJsClient(OrderCommandService, `127.0.0.1:${unvalidatedPort}`);
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
    {
      protocol: "grpc (grpc-js, 1 channel)",
      concurrency: 64,
      call: () => grpcClient.getProjectionStatus({}),
    },
    {
      protocol: "connect (HTTP/1.1)",
      concurrency: 32,
      call: () => connectClient.getProjectionStatus({}),
    },
    {
      protocol: "grpc-web (HTTP/1.1)",
      concurrency: 32,
      call: () => grpcWebClient.getProjectionStatus({}),
    },
    {
      protocol: "grpc CreateOrder, rules off",
      concurrency: 64,
      call: () => uncheckedCommands.createOrder(createOrder),
    },
    {
      protocol: "grpc CreateOrder, rules checked",
      concurrency: 64,
      call: () => commands.createOrder(createOrder),
    },
  ];
  return {
    list,
    close: () => {
      for (const c of [grpcClient, commands, uncheckedCommands]) c.close();
    },
  };
}

function printTable(results: Result[], seconds: number): void {
  const header = [
    "protocol",
    "conc",
    "calls/s",
    "p50 ms",
    "p99 ms",
    "server CPU ms/call",
    "errors",
  ];
  const rows = results.map((r) => [
    r.protocol,
    String(r.concurrency),
    Math.round(r.calls / r.seconds).toString(),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    r.serverCpuMsPerCall.toFixed(3),
    String(r.errors),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  console.log(
    `one-port server, empty unary handler, ${seconds} s per protocol, server in a child process`,
  );
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const server = await startServerChild();
  const clients = scenarios(server.port, server.unvalidatedPort);
  const results: Result[] = [];
  for (const s of clients.list) {
    await load(s.call, s.concurrency, 1); // warm-up: JIT, connections
    const cpu0 = await server.cpuMicros();
    const { latencies, errors, elapsed } = await load(s.call, s.concurrency, seconds);
    const cpu1 = await server.cpuMicros();
    const { count, p50, p99 } = summarize(latencies);
    results.push({
      protocol: s.protocol,
      concurrency: s.concurrency,
      calls: count,
      errors,
      seconds: elapsed,
      p50,
      p99,
      serverCpuMsPerCall: (cpu1 - cpu0) / 1000 / Math.max(1, count),
    });
  }
  clients.close();
  server.stop();
  printTable(results, seconds);
  const off = results.find((r) => r.protocol.endsWith("rules off"));
  const on = results.find((r) => r.protocol.endsWith("rules checked"));
  if (off && on) {
    const delta = on.serverCpuMsPerCall - off.serverCpuMsPerCall;
    console.log(`request rules, end to end: ${delta.toFixed(3)} ms of server CPU per call`);
  }
  console.log(await timeRequestRules(createOrder));
}

if (process.argv.includes("--serve")) {
  await serve();
} else {
  await main();
}
