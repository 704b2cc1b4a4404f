// The CPU cost of checking requests against the contract's rules (protovalidate): the same
// CreateOrder (three lines) sent to two servers side by side in one child process, one checking
// the rules and one not, and the rules alone timed in-process without sockets.
//
//   npm run build && npm run bench:server -w @orderlens/server   (runs after bench-server.ts)
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { OrderCommandService } from "@orderlens/contracts";
import { summarize } from "@orderlens/testing";
import { createGrpcJsClient } from "../src/grpc-js-client.js";
import { createLogger } from "../src/logger.js";
import { defineService } from "../src/rpc-method.js";
import { createRpcServer } from "../src/server.js";
import { timeRequestRules } from "./request-rules-cost.js";
import { load } from "./rpc-load.js";

type ToChild = { cmd: "cpu" } | { cmd: "stop" };
type FromChild = { checked: number; unchecked: number } | { cpuMicros: number };

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
    // Per-call info lines would measure stdout, not the rules.
    logger: createLogger({ service: "bench", level: "warn" }),
    authDisabled: true,
    validateRequests,
    defaultMetrics: validateRequests,
    services: [
      defineService({
        service: OrderCommandService,
        scopes: { default: null },
        impl: { createOrder: async () => ({}) },
      }),
    ],
  });
}

async function serve(): Promise<void> {
  const checked = benchServer(true);
  const unchecked = benchServer(false);
  const ports = {
    checked: (await checked.listen(0, "127.0.0.1")).port,
    unchecked: (await unchecked.listen(0, "127.0.0.1")).port,
  };
  process.on("message", (msg: ToChild) => {
    if (msg.cmd === "cpu") {
      const u = process.cpuUsage();
      process.send?.({ cpuMicros: u.user + u.system } satisfies FromChild);
    } else {
      const closing = [checked, unchecked].map((s) => s.close({ graceMs: 1000 }));
      void Promise.all(closing).then(() => process.exit(0));
    }
  });
  process.send?.(ports satisfies FromChild);
}

async function startChild() {
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () =>
    new Promise<FromChild>((resolve) => child.once("message", (m: FromChild) => resolve(m)));
  const ready = await next();
  if (!("checked" in ready)) throw new Error("bench server did not report its ports");
  const cpuMicros = async () => {
    const reply = next();
    child.send({ cmd: "cpu" } satisfies ToChild);
    const m = await reply;
    if (!("cpuMicros" in m)) throw new Error("unexpected reply");
    return m.cpuMicros;
  };
  const stop = async () => {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.send({ cmd: "stop" } satisfies ToChild);
    await exited;
  };
  return { ports: ready, cpuMicros, stop };
}

/** Server CPU ms per call while 64 concurrent calls run for `seconds` against one port. */
async function cpuPerCall(
  child: Awaited<ReturnType<typeof startChild>>,
  port: number,
  seconds: number,
): Promise<{ ms: number; callsPerSecond: number; p99: number }> {
  const client = createGrpcJsClient(OrderCommandService, `127.0.0.1:${port}`);
  try {
    await load(() => client.createOrder(createOrder), 64, 1); // warm-up: JIT, connection
    const cpu0 = await child.cpuMicros();
    const { latencies, elapsed } = await load(() => client.createOrder(createOrder), 64, seconds);
    const cpu1 = await child.cpuMicros();
    const { count, p99 } = summarize(latencies);
    return { ms: (cpu1 - cpu0) / 1000 / Math.max(1, count), callsPerSecond: count / elapsed, p99 };
  } finally {
    client.close();
  }
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const child = await startChild();
  // Alternate, so load from elsewhere on the machine falls on both alike.
  const off = await cpuPerCall(child, child.ports.unchecked, seconds);
  const on = await cpuPerCall(child, child.ports.checked, seconds);
  await child.stop();
  for (const [label, r] of [
    ["rules off", off],
    ["rules checked", on],
  ] as const) {
    console.log(
      `grpc CreateOrder, ${label}: ${Math.round(r.callsPerSecond)} calls/s, p99 ${r.p99.toFixed(2)} ms, server CPU ${r.ms.toFixed(3)} ms/call`,
    );
  }
  console.log(
    `request rules, end to end: ${(on.ms - off.ms).toFixed(3)} ms of server CPU per call`,
  );
  console.log(await timeRequestRules(createOrder));
}

if (process.argv.includes("--serve")) {
  await serve();
} else {
  await main();
}
