// Reads the projector's change notices into the change feed and the report cache: one exclusive
// queue per instance, bound to the fanout exchange, declared again on every connection (it dies
// with the last one). The sinks are live only while the queue is consumed; between connections
// the feed polls and the cache stores nothing.
import { fromBinary } from "@bufbuild/protobuf";
import { createAmqpConnection } from "@orderlens/bus";
import { ReadModelChangedSchema } from "@orderlens/contracts";
import type { Logger } from "@orderlens/server";
import type { Channel, ConsumeMessage } from "amqplib";
import type { FeedChange, NoticeSink } from "./change-feed.js";

export interface ChangeNoticesOptions {
  amqpUrl: string;
  exchange: string;
  /** Each notice, and each switch of live, goes to every sink in this order. */
  sinks: readonly NoticeSink[];
  logger: Logger;
}

export interface ChangeNotices {
  close(): Promise<void>;
}

/** Notices that pile up beyond this (a stalled instance) are dropped oldest first. */
const maxQueuedNotices = 10_000;

/** A notice that cannot be read still says something changed: every watcher re-reads. */
export function decodeNotice(content: Buffer): FeedChange {
  try {
    const n = fromBinary(ReadModelChangedSchema, content);
    return {
      position: Number(n.position),
      orderIds: n.orderIds,
      months: n.months,
      everything: n.everything,
    };
  } catch {
    return { position: 0, orderIds: [], months: [], everything: true };
  }
}

export function readChangeNotices(options: ChangeNoticesOptions): ChangeNotices {
  const { sinks, exchange } = options;
  const setLive = (live: boolean) => {
    for (const sink of sinks) sink.setLive(live);
  };
  const connection = createAmqpConnection({
    url: options.amqpUrl,
    name: `query-svc change notices from ${exchange}`,
    logger: options.logger,
  });
  const onNotice = (msg: ConsumeMessage) => {
    const change = decodeNotice(msg.content);
    for (const sink of sinks) sink.notify(change);
  };
  // The broker cancels the consumer when its queue is deleted (by an operator): no notice would
  // arrive on this connection again, yet it stays up. Say so at once, and close the channel,
  // which ends the connection: the next one declares a new queue.
  const onCancelled = (ch: Channel) => {
    setLive(false);
    ch.close().catch(() => {});
  };
  connection.channel({
    name: "change notices",
    setup: async (ch) => {
      await ch.assertExchange(exchange, "fanout", { durable: true });
      const { queue } = await ch.assertQueue("", {
        exclusive: true,
        autoDelete: true,
        arguments: { "x-max-length": maxQueuedNotices, "x-overflow": "drop-head" },
      });
      await ch.bindQueue(queue, exchange, "");
      await ch.consume(queue, (msg) => (msg ? onNotice(msg) : onCancelled(ch)), { noAck: true });
    },
  });
  connection.on("connected", () => setLive(true));
  connection.on("reconnected", () => setLive(true));
  connection.on("lost", () => setLive(false));
  connection.start();
  return {
    async close() {
      setLive(false);
      await connection.close();
    },
  };
}
