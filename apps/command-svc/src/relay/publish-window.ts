import {
  headers,
  partitionOf,
  protobufContentType,
  type Topology,
  whenDrained,
} from "@orderlens/bus";
import type { OutboxEntry } from "@orderlens/event-store";
import { encodeEnvelope, eventTypeName, type StoredEvent } from "@orderlens/order-events";
import type { Logger } from "@orderlens/server";
import type { ConfirmChannel } from "amqplib";

/**
 * Publishes one window of outbox rows in order and waits for the broker to confirm all of them:
 * one round of confirms per window, not per message. Rejects if any is refused or the channel
 * goes away, and then nothing of the window may be deleted.
 */
export async function publishWindow(
  channel: ConfirmChannel,
  topology: Topology,
  entries: readonly OutboxEntry[],
  log: Logger,
): Promise<void> {
  for (const entry of entries) {
    if (!publishEntry(channel, topology, entry, log)) await whenDrained(channel);
  }
  await channel.waitForConfirms();
}

/** False when the channel's buffer is full (wait for it to drain before the next one). */
function publishEntry(
  channel: ConfirmChannel,
  topology: Topology,
  entry: OutboxEntry,
  log: Logger,
): boolean {
  const e = entry.event;
  if (!("undecodable" in e)) return publishEvent(channel, topology, e);
  // A stored row we cannot encode would block every order behind it; park it for a human.
  log.error("outbox row is undecodable; parking it", {
    position: entry.position,
    reason: e.undecodable,
  });
  return channel.publish(topology.parkingExchange, "", Buffer.from(JSON.stringify(e.row)), {
    persistent: true,
    contentType: "application/json",
    headers: {
      [headers.parkedReason]: `outbox row undecodable: ${e.undecodable}`,
      [headers.position]: entry.position,
      [headers.parkedAt]: new Date().toISOString(),
    },
  });
}

function publishEvent(channel: ConfirmChannel, topology: Topology, e: StoredEvent): boolean {
  const type = eventTypeName(e.event.type);
  const partition = partitionOf(e.orderId, topology.partitions);
  return channel.publish(
    topology.eventsExchange,
    topology.routingKey(partition, type),
    Buffer.from(encodeEnvelope(e)),
    {
      persistent: true,
      mandatory: false,
      messageId: e.eventId,
      type,
      contentType: protobufContentType,
      timestamp: Math.floor(e.recordedAt / 1000),
      appId: "orderlens-command-svc",
      headers: {
        [headers.eventType]: type,
        [headers.orderId]: e.orderId,
        [headers.version]: e.version,
        [headers.position]: e.position,
        [headers.correlationId]: e.metadata.correlationId,
      },
    },
  );
}
