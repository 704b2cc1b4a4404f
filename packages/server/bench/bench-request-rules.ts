// The CPU cost of checking requests against the contract's rules (protovalidate): the same
// CreateOrder (three lines) sent to two servers side by side in one child process, one checking
// the rules and one not, and the rules alone timed in-process without sockets. Rules off is the
// same-run reference: the machine is shared, so the ratios are the result and the absolute
// figures are for reading. The last line is the ratio line.
//
//   npm run build && npm run bench:request-rules -w @orderlens/server
//   (BENCH_SECONDS=3, BENCH_ROUNDS=3)
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { OrderCommandService } from "@orderlens/contracts";
import { summarize } from "@orderlens/testing";
import { createGrpcJsClient, type GrpcJsClient } from "../src/grpc-js-client.js";
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

type Child = Awaited<ReturnType<typeof startChild>>;
type Client = GrpcJsClient<typeof OrderCommandService>;

interface Measured {
  /** Server CPU ms per call. */
  ms: number;
  callsPerSecond: number;
  p50: number;
  p99: number;
}

/** Server CPU per call while 64 concurrent calls run for `seconds` against one port. */
async function measure(child: Child, client: Client, seconds: number): Promise<Measured> {
  const cpu0 = await child.cpuMicros();
  const { latencies, elapsed } = await load(() => client.createOrder(createOrder), 64, seconds);
  const cpu1 = await child.cpuMicros();
  const { count, p50, p99 } = summarize(latencies);
  if (count === 0) throw new Error("no CreateOrder call succeeded");
  return { ms: (cpu1 - cpu0) / 1000 / count, callsPerSecond: count / elapsed, p50, p99 };
}

/** The round with the median server CPU per call. */
function median(runs: Measured[]): Measured {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor((sorted.length - 1) / 2)] as Measured;
}

/**
 * Rules off and rules checked take turns, round after round, so load from elsewhere on the
 * machine falls on both alike; per side the round with the median CPU per call is kept.
 */
async function benchBothSides(seconds: number, rounds: number) {
  const child = await startChild();
  const off = createGrpcJsClient(OrderCommandService, `127.0.0.1:${child.ports.unchecked}`);
  const on = createGrpcJsClient(OrderCommandService, `127.0.0.1:${child.ports.checked}`);
  const offRuns: Measured[] = [];
  const onRuns: Measured[] = [];
  try {
    for (const client of [off, on]) await load(() => client.createOrder(createOrder), 64, 1); // JIT, connection
    for (let round = 0; round < rounds; round++) {
      offRuns.push(await measure(child, off, seconds));
      onRuns.push(await measure(child, on, seconds));
    }
  } finally {
    off.close();
    on.close();
    await child.stop();
  }
  return { off: median(offRuns), on: median(onRuns) };
}

const percentOf = (value: number, reference: number) => `${Math.round((100 * value) / reference)}%`;

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 3);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const { off, on } = await benchBothSides(seconds, rounds);
  console.log(
    `grpc CreateOrder (three lines), concurrency 64, ${seconds} s per side, median of ${rounds} rounds; reference: the same server with rules off, in the same process and rounds; calls/s and ms are for reading only`,
  );
  for (const [label, r] of [
    ["rules off", off],
    ["rules checked", on],
  ] as const) {
    console.log(
      `grpc CreateOrder, ${label}: ${Math.round(r.callsPerSecond)} calls/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, server CPU ${r.ms.toFixed(3)} ms/call`,
    );
  }
  console.log(
    `request rules, end to end: ${(on.ms - off.ms).toFixed(3)} ms of server CPU per call`,
  );
  console.log(await timeRequestRules(createOrder));
  console.log(
    `request rules: checked ${Math.round(on.callsPerSecond)} calls/s = ${percentOf(on.callsPerSecond, off.callsPerSecond)} of rules off (${Math.round(off.callsPerSecond)} calls/s), server CPU/call x${(on.ms / off.ms).toFixed(2)} of rules off`,
  );
}

if (process.argv.includes("--serve")) {
  await serve();
} else {
  await main();
}
