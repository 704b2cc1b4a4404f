import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import {
  brokerConnectionPids,
  closeBrokerConnection,
  createAmqpScope,
  getFreePort,
} from "@orderlens/testing";
import { afterAll, describe, expect, it } from "vitest";
import { testConnection, waitForState } from "./__fixtures__/amqp-connection-fixtures.js";
import { AmqpUnavailableError } from "./amqp-unavailable-error.js";

const scope = createAmqpScope("amqp close");
afterAll(() => scope.cleanup());

const busEntry = new URL("../dist/index.js", import.meta.url).href;
const serverEntry = pathToFileURL(createRequire(import.meta.url).resolve("@orderlens/server")).href;

/**
 * Runs a script in a fresh Node process that never calls process.exit: it ends by itself only if
 * the connection left no socket, timer or listener behind.
 */
async function exitsByItself(
  body: string,
  withinMs: number,
): Promise<{ code: number | null; output: string }> {
  const script = `
    const { createAmqpConnection } = await import(${JSON.stringify(busEntry)});
    const { createLogger } = await import(${JSON.stringify(serverEntry)});
    const logger = createLogger({ service: "child", level: "error" });
    ${body}
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), withinMs);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

describe("closing an AmqpConnection", () => {
  it("during a reconnect backoff returns at once, and nothing reconnects afterwards", async () => {
    const t = testConnection(scope, "backoff", { minBackoffMs: 20_000, maxBackoffMs: 20_000 });
    let setups = 0;
    t.connection.channel({
      name: "counted",
      setup: async () => {
        setups++;
      },
    });
    await t.connection.ready({ timeoutMs: 10_000 });
    await closeBrokerConnection(t.name);
    await waitForState(t.connection, "reconnecting");
    const waiting = t.connection.ready();
    const started = Date.now();
    await t.connection.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(t.connection.state).toBe("closed");
    await expect(waiting).rejects.toBeInstanceOf(AmqpUnavailableError);
    await new Promise((r) => setTimeout(r, 500));
    expect(await brokerConnectionPids(t.name)).toEqual([]);
    expect(setups).toBe(1);
    expect(t.events).toEqual(["connected", expect.stringMatching(/^lost: /), "closed"]);
  });

  it("is idempotent: concurrent and repeated closes share one shutdown and one closed event", async () => {
    const t = testConnection(scope, "idempotent");
    const managed = t.connection.confirmChannel({ name: "publisher" });
    await managed.ready({ timeoutMs: 10_000 });
    const first = t.connection.close();
    expect(t.connection.close()).toBe(first);
    await first;
    await t.connection.close();
    expect(t.events).toEqual(["connected", "closed"]);
    expect(t.connection.state).toBe("closed");
    expect(managed.current).toBeUndefined();
    expect(await brokerConnectionPids(t.name)).toEqual([]);
    await expect(managed.ready()).rejects.toBeInstanceOf(AmqpUnavailableError);
    await expect(t.connection.withChannel(async () => 1)).rejects.toBeInstanceOf(
      AmqpUnavailableError,
    );
    t.connection.start();
    expect(t.connection.state).toBe("closed");
  });

  it("before it ever started is immediate and leaves nothing to close", async () => {
    const t = testConnection(scope, "never-started");
    await t.connection.close();
    expect(t.connection.state).toBe("closed");
    expect(t.events).toEqual(["closed"]);
    expect(t.lines).toEqual([]);
  });

  it("leaves no handle behind: a process with a consumer ends by itself after close", async () => {
    const queue = scope.track(`${scope.prefix}exit.q`);
    const { code, output } = await exitsByItself(
      `
      const connection = createAmqpConnection({ url: ${JSON.stringify(scope.url)}, name: "bus exit test", logger });
      connection.channel({ name: "consumer", prefetch: 5, setup: async (ch) => {
        await ch.assertQueue(${JSON.stringify(queue)}, { exclusive: true });
        await ch.consume(${JSON.stringify(queue)}, () => {});
      } });
      await connection.ready({ timeoutMs: 10000 });
      await connection.close();
      process.stdout.write("closed\\n");
      `,
      15_000,
    );
    expect(output).toBe("closed\n");
    expect(code).toBe(0);
  });

  it("leaves no handle behind when closed while waiting out a long backoff", async () => {
    const port = await getFreePort();
    const { code, output } = await exitsByItself(
      `
      const connection = createAmqpConnection({
        url: "amqp://guest:guest@127.0.0.1:${port}", name: "bus exit backoff", logger,
        minBackoffMs: 60000, maxBackoffMs: 60000,
      });
      const waiting = connection.channel({ name: "never" }).ready({ timeoutMs: 60000 }).catch((e) => e.name);
      await new Promise((r) => setTimeout(r, 300));
      await connection.close();
      process.stdout.write(connection.state + " " + (await waiting) + "\\n");
      `,
      10_000,
    );
    expect(output).toBe("closed AmqpUnavailableError\n");
    expect(code).toBe(0);
  });
});
