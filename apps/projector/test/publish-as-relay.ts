import { headers, partitionOf, protobufContentType, type Topology } from "@orderlens/bus";
import { encodeEnvelope, eventTypeName, type StoredEvent } from "@orderlens/order-events";
import type { Channel } from "amqplib";

/**
 * Publishes a stored event as command-svc's relay does: the protobuf envelope, routed to its
 * order's partition, with the message id, type and headers the projector reads. Returns what
 * `Channel#publish` returns (false: wait for "drain").
 */
export function publishAsRelay(ch: Channel, topology: Topology, e: StoredEvent): boolean {
  const type = eventTypeName(e.event.type);
  return ch.publish(
    topology.eventsExchange,
    topology.routingKey(partitionOf(e.orderId, topology.partitions), type),
    Buffer.from(encodeEnvelope(e)),
    {
      persistent: true,
      messageId: e.eventId,
      type,
      contentType: protobufContentType,
      headers: {
        [headers.orderId]: e.orderId,
        [headers.version]: e.version,
        [headers.position]: e.position,
      },
    },
  );
}
