import { Code, ConnectError } from "@connectrpc/connect";
import { type AmqpConnection, AmqpUnavailableError, headers, type Topology } from "@orderlens/bus";
import { decodeEnvelope } from "@orderlens/order-events";
import type { ConfirmChannel, GetMessage } from "amqplib";

export interface ParkedMessage {
  messageId: string;
  orderId: string;
  version: bigint;
  type: string;
  partition: number;
  reason: string;
  attempts: number;
  parkedAt: Date | undefined;
  sizeBytes: number;
}

const header = (msg: GetMessage, name: string): unknown => msg.properties.headers?.[name];

function describe(msg: GetMessage, topology: Topology): ParkedMessage {
  let orderId = String(header(msg, headers.orderId) ?? "");
  let version = BigInt(Number(header(msg, headers.version) ?? 0) || 0);
  let type = String(msg.properties.type ?? header(msg, headers.eventType) ?? "");
  try {
    const e = decodeEnvelope(msg.content);
    orderId = e.orderId;
    version = BigInt(e.version);
    type = `orderlens.orders.v1.${e.event.type}`;
  } catch {
    // undecodable: what the headers say is all there is
  }
  const origin = String(header(msg, headers.originQueue) ?? "");
  const parkedAt = header(msg, headers.parkedAt);
  return {
    messageId: String(msg.properties.messageId ?? ""),
    orderId,
    version,
    type,
    partition: Math.max(0, topology.partitionQueues.indexOf(origin)),
    reason: String(header(msg, headers.parkedReason) ?? ""),
    attempts: Number(header(msg, headers.attempts) ?? 0) || 0,
    parkedAt: typeof parkedAt === "string" ? new Date(parkedAt) : undefined,
    sizeBytes: msg.content.length,
  };
}

/**
 * Holds up to `limit` parked messages unacknowledged on one channel (so each is fetched once),
 * lets `decide` settle them, and returns the rest to the queue when the channel closes.
 */
async function withParked<T>(
  broker: AmqpConnection,
  topology: Topology,
  limit: number,
  use: (messages: GetMessage[], channel: ConfirmChannel, total: number) => Promise<T>,
): Promise<T> {
  try {
    return await broker.withChannel(async (ch) => {
      const { messageCount } = await ch.checkQueue(topology.parkingQueue);
      const messages: GetMessage[] = [];
      while (messages.length < limit) {
        const msg = await ch.get(topology.parkingQueue, { noAck: false });
        if (msg === false) break;
        messages.push(msg);
      }
      const result = await use(messages, ch, messageCount);
      await ch.close(); // unsettled messages go back to the parking lot, in order
      return result;
    });
  } catch (error) {
    if (error instanceof AmqpUnavailableError)
      throw new ConnectError(error.message, Code.Unavailable);
    throw error;
  }
}

export async function listParked(broker: AmqpConnection, topology: Topology, limit: number) {
  return withParked(broker, topology, limit, async (messages, _ch, total) => ({
    messages: messages.map((m) => describe(m, topology)),
    total: BigInt(total),
  }));
}

/**
 * Sends parked messages back to the partition queue they came from, with a fresh attempt count.
 * A message is removed from the parking lot only after the broker confirmed its copy.
 */
export async function redriveParked(
  broker: AmqpConnection,
  topology: Topology,
  ids: ReadonlySet<string> | "all",
) {
  return withParked(broker, topology, 100_000, async (messages, ch) => {
    const chosen = messages.filter(
      (m) => ids === "all" || ids.has(String(m.properties.messageId ?? "")),
    );
    for (const m of chosen) {
      const origin = String(header(m, headers.originQueue) ?? "");
      const queue = topology.partitionQueues.includes(origin) ? origin : topology.partitionQueue(0);
      const kept = { ...(m.properties.headers ?? {}) };
      for (const h of [headers.attempts, headers.lastError, headers.parkedReason, headers.parkedAt])
        delete kept[h];
      ch.publish("", queue, m.content, {
        persistent: true,
        messageId: m.properties.messageId as string | undefined,
        type: m.properties.type as string | undefined,
        contentType: m.properties.contentType as string | undefined,
        headers: kept,
      });
    }
    await ch.waitForConfirms();
    for (const m of chosen) ch.ack(m);
    const found = new Set(chosen.map((m) => String(m.properties.messageId ?? "")));
    return {
      redriven: chosen.length,
      notFound: ids === "all" ? [] : [...ids].filter((id) => !found.has(id)),
    };
  });
}
