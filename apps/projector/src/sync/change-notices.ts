// Publishes what each sync pass changed to the read-model changes fanout exchange, for
// query-svc's watchers. Notices are hints: one that cannot be sent is dropped, and the next one
// after the broker is back says "everything", so no reader keeps a stale view.
import { create, toBinary } from "@bufbuild/protobuf";
import { createAmqpConnection, protobufContentType, type Topology } from "@orderlens/bus";
import { ReadModelChangedSchema } from "@orderlens/contracts";
import type { Logger } from "@orderlens/server";
import type { ReadModelChange } from "./read-model-change.js";

export interface ChangeNoticesOptions {
  amqpUrl: string;
  topology: Topology;
  logger: Logger;
}

export interface ChangeNotices {
  publish(change: ReadModelChange): void;
  /** Everything may have changed (a Rebuild swapped the indexes in). */
  publishEverything(): void;
  close(): Promise<void>;
}

export function encodeNotice(change: ReadModelChange): Uint8Array {
  return toBinary(
    ReadModelChangedSchema,
    create(ReadModelChangedSchema, {
      position: BigInt(change.position),
      orderIds: change.orderIds,
      months: change.months,
      everything: change.everything,
    }),
  );
}

export function createChangeNotices(options: ChangeNoticesOptions): ChangeNotices {
  const exchange = options.topology.readModelChangesExchange;
  const connection = createAmqpConnection({
    url: options.amqpUrl,
    name: `projector change notices to ${exchange}`,
    logger: options.logger,
  });
  const channel = connection.channel({
    name: "change notices",
    setup: (ch) => ch.assertExchange(exchange, "fanout", { durable: true }).then(() => undefined),
  });
  let missed = false;
  let position = 0;
  const publish = (change: ReadModelChange) => {
    position = Math.max(position, change.position);
    const ch = channel.current;
    if (!ch) {
      missed = true;
      connection.start();
      return;
    }
    const sent = missed ? { ...change, everything: true } : change;
    try {
      ch.publish(exchange, "", Buffer.from(encodeNotice(sent)), {
        contentType: protobufContentType,
        type: "orderlens.ops.v1.ReadModelChanged",
      });
      missed = false;
    } catch {
      missed = true; // the channel closed under us; it is being rebuilt
    }
  };
  const everything = () => ({ position, orderIds: [], months: [], everything: true });
  // Readers may have missed notices while this connection was down: tell them once it is back.
  connection.on("lost", () => {
    missed = true;
  });
  connection.on("reconnected", () => {
    if (missed) publish(everything());
  });
  connection.on("connected", () => {
    if (missed) publish(everything());
  });
  return {
    publish,
    publishEverything: () => publish(everything()),
    close: () => connection.close(),
  };
}
