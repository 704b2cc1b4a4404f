import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import amqp from "amqplib";

export const defaultAmqpUrl = "amqp://guest:guest@127.0.0.1:5672";

export interface AmqpScope {
  /** Unique prefix for exchange and queue names of one test file, e.g. `t.relay.3fa9c2.` */
  readonly prefix: string;
  readonly url: string;
  /** Remembers a name to delete at cleanup even when the broker cannot be listed. */
  track(name: string): string;
  /** Deletes the queues and exchanges of this scope. */
  cleanup(): Promise<void>;
}

const run = promisify(execFile);

/**
 * Names on the broker that start with `prefix`, from rabbitmqctl when it is on this machine (the
 * management plugin is not enabled here). Returns [] when the broker cannot be listed.
 */
async function listBrokerNames(kind: "queues" | "exchanges", prefix: string): Promise<string[]> {
  try {
    const { stdout } = await run(
      "rabbitmqctl",
      [`list_${kind}`, "name", "-q", "--formatter", "json"],
      {
        timeout: 10_000,
      },
    );
    const rows = JSON.parse(stdout) as { name: string }[];
    return rows.map((r) => r.name).filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
}

/** Gives a test file its own namespace on the shared broker. */
export function createAmqpScope(label: string): AmqpScope {
  const prefix = `t.${label.replace(/[^A-Za-z0-9-]+/g, "-").slice(0, 24)}.${randomBytes(3).toString("hex")}.`;
  const url = process.env.AMQP_URL ?? defaultAmqpUrl;
  const tracked = new Set<string>();
  return {
    prefix,
    url,
    track(name: string) {
      tracked.add(name);
      return name;
    },
    async cleanup() {
      const queues = new Set([...tracked, ...(await listBrokerNames("queues", prefix))]);
      const exchanges = new Set([...tracked, ...(await listBrokerNames("exchanges", prefix))]);
      const conn = await amqp.connect(url);
      try {
        const remove = async (op: (ch: amqp.Channel) => Promise<unknown>) => {
          // A failed delete closes its channel, so every delete gets a channel of its own.
          const ch = await conn.createChannel();
          ch.on("error", () => {});
          await op(ch).catch(() => {});
          await ch.close().catch(() => {});
        };
        for (const q of queues) await remove((ch) => ch.deleteQueue(q));
        for (const x of exchanges) await remove((ch) => ch.deleteExchange(x));
      } finally {
        await conn.close();
      }
    },
  };
}
