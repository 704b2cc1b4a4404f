// The projector's side of change notices, for specs: ReadModelChanged messages published on the
// scope's fanout exchange, as apps/projector's sync loop publishes them after Meilisearch applied
// a pass.
import { execFile } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { create, toBinary } from "@bufbuild/protobuf";
import { createTopology } from "@orderlens/bus";
import { ReadModelChangedSchema } from "@orderlens/contracts";
import { type AmqpScope, waitFor } from "@orderlens/testing";
import amqp from "amqplib";

const run = promisify(execFile);

export interface NoticeFields {
  position: number;
  orderIds?: string[];
  months?: string[];
  everything?: boolean;
}

export interface NoticePublisher {
  /** The fanout exchange query-svc's notice queue is bound to. */
  readonly exchange: string;
  publish(fields: NoticeFields): void;
  /** Resolves once a notice sent to the exchange is routed: query-svc's queue is bound. */
  waitForNoticeQueue(): Promise<void>;
  /** Deletes the queues bound to the exchange from the broker's side, as an operator would. */
  deleteNoticeQueues(): Promise<number>;
  close(): Promise<void>;
}

export function encodeNotice(fields: NoticeFields): Buffer {
  const { position, orderIds = [], months = [], everything = false } = fields;
  const notice = create(ReadModelChangedSchema, {
    position: BigInt(position),
    orderIds,
    months,
    everything,
  });
  return Buffer.from(toBinary(ReadModelChangedSchema, notice));
}

/** Publishes on `scope`'s read-model changes exchange (tracked for the scope's cleanup). */
export async function startNoticePublisher(scope: AmqpScope): Promise<NoticePublisher> {
  const exchange = scope.track(createTopology({ prefix: scope.prefix }).readModelChangesExchange);
  const connection = await amqp.connect(scope.url);
  const channel = await connection.createChannel();
  await channel.assertExchange(exchange, "fanout", { durable: true });
  const routed = async () => {
    const confirm = await connection.createConfirmChannel();
    try {
      let returned = false;
      confirm.once("return", () => {
        returned = true;
      });
      // A notice with no month and no order wakes no watcher and drops no cached report.
      confirm.publish(exchange, "", encodeNotice({ position: 1 }), { mandatory: true });
      await confirm.waitForConfirms();
      await sleep(20);
      return !returned || undefined;
    } finally {
      await confirm.close();
    }
  };
  return {
    exchange,
    publish: (fields) => channel.publish(exchange, "", encodeNotice(fields)),
    async waitForNoticeQueue() {
      await waitFor(routed, { timeoutMs: 10_000, description: "query-svc's change notice queue" });
    },
    deleteNoticeQueues: () => deleteQueuesBoundTo(exchange),
    close: () => connection.close(),
  };
}

/** rabbitmqctl on this machine: query-svc's queues are exclusive, so no other client may. */
async function deleteQueuesBoundTo(exchange: string): Promise<number> {
  const { stdout } = await run(
    "rabbitmqctl",
    ["list_bindings", "source_name", "destination_name", "-q", "--formatter", "json"],
    { timeout: 10_000 },
  );
  const bindings = JSON.parse(stdout) as { source_name: string; destination_name: string }[];
  const queues = bindings.filter((b) => b.source_name === exchange).map((b) => b.destination_name);
  for (const queue of queues) {
    await run("rabbitmqctl", ["delete_queue", queue, "-q"], { timeout: 10_000 });
  }
  return queues.length;
}
