// A server bench:server measures, in a process of its own so it doesn't share an event loop with
// the load generator. The child reports its port, answers for its CPU time (so CPU per call can
// be read) and stops when asked; its stdout is a pipe the parent drains, as a log collector would.
import { fork } from "node:child_process";

type ToChild = { cmd: "cpu" } | { cmd: "log-cost"; calls: number } | { cmd: "stop" };
type FromChild = { port: number } | { cpuMicros: number } | { logLineMicros: number };

/** The parent's handle on a server process. */
export interface BenchServer {
  port: number;
  cpuMicros(): Promise<number>;
  /** CPU µs per access-log line written in a loop; only servers that log answer it. */
  logLineMicros(calls: number): Promise<number>;
  /** Bytes the server wrote to stdout so far (its log lines). */
  logBytes(): number;
  stop(): Promise<void>;
}

/** What a child serves: its port, how it closes, and, for servers that log, a line's cost. */
export interface ServedInChild {
  port: number;
  close(): Promise<void>;
  logLineMicros?: (calls: number) => Promise<number>;
}

/** Forks `script` with `args` and waits for the port it reports. */
export async function startServerProcess(script: string, args: string[]): Promise<BenchServer> {
  const child = fork(script, args, { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  let bytes = 0;
  child.stdout?.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
  });
  const next = () =>
    new Promise<FromChild>((resolve) => child.once("message", (m: FromChild) => resolve(m)));
  const ready = await next();
  if (!("port" in ready)) throw new Error(`${script} did not report its port`);
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

/** The child's side: reports the port, then answers the parent until it says stop. */
export function answerParent(served: ServedInChild): void {
  process.on("message", (msg: ToChild) => {
    if (msg.cmd === "cpu") {
      const u = process.cpuUsage();
      process.send?.({ cpuMicros: u.user + u.system } satisfies FromChild);
    } else if (msg.cmd === "log-cost") {
      if (!served.logLineMicros) throw new Error("this server writes no log lines");
      void served
        .logLineMicros(msg.calls)
        .then((logLineMicros) => process.send?.({ logLineMicros } satisfies FromChild));
    } else {
      void served.close().then(() => process.exit(0));
    }
  });
  process.send?.({ port: served.port } satisfies FromChild);
}
