// The parent's side of the bare grpc-js fan-out (bare-fan-out-server.ts): starts it in a process
// of its own with the message to send, and has it send one update to every stream on demand.
import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { FromFanOut, ToFanOut } from "./bare-fan-out-server.js";

export interface BareFanOut {
  port: number;
  /** Has the server write the message once to every open stream. */
  update(): void;
  /** The server's CPU time so far, user + system, ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export async function startBareFanOut(message: Uint8Array): Promise<BareFanOut> {
  const script = fileURLToPath(new URL("./bare-fan-out-server.js", import.meta.url));
  const child = fork(script, ["--serve", Buffer.from(message).toString("base64")], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = once(child, "exit");
  const [ready] = (await Promise.race([
    once(child, "message"),
    exited.then(([code]) => {
      throw new Error(`the bare fan-out server exited with ${code} before reporting its port`);
    }),
  ])) as [FromFanOut];
  if (!("port" in ready)) throw new Error("the bare fan-out server did not report its port");
  const send = (msg: ToFanOut) => child.send(msg);
  return {
    port: ready.port,
    update: () => send({ cmd: "update" }),
    async cpuMs() {
      const reply = once(child, "message") as Promise<[FromFanOut]>;
      send({ cmd: "cpu" });
      const [m] = await reply;
      if (!("cpuMicros" in m)) throw new Error("the bare fan-out server answered something else");
      return m.cpuMicros / 1000;
    },
    async stop() {
      send({ cmd: "stop" });
      await exited;
    },
  };
}
