import { create, fromBinary, fromJson, type JsonValue, toBinary, toJson } from "@bufbuild/protobuf";
import {
  ItemAddedSchema,
  ItemRemovedSchema,
  OrderCancelledSchema,
  OrderCompletedSchema,
  OrderCreatedSchema,
  OrderEventSchema,
} from "@orderlens/contracts";
import type { OrderEvent } from "@orderlens/domain";
import { domainEventType, eventTypeName } from "./event-types.js";
import { payloadFromWire, payloadToWire, type WirePayload } from "./payload-codec.js";
import type { StoredEvent } from "./stored-event.js";
import { EventDecodeError, timeFromWire, timeToWire } from "./wire-values.js";

/**
 * The event store keeps each payload as the protobuf JSON of its message: readable with SQL, and
 * decoded with the same contract as the bus, so there is one schema for both.
 */
export function payloadToJson(event: OrderEvent): JsonValue {
  const payload = payloadToWire(event);
  switch (payload.case) {
    case "orderCreated":
      return toJson(OrderCreatedSchema, payload.value);
    case "itemAdded":
      return toJson(ItemAddedSchema, payload.value);
    case "itemRemoved":
      return toJson(ItemRemovedSchema, payload.value);
    case "orderCompleted":
      return toJson(OrderCompletedSchema, payload.value);
    case "orderCancelled":
      return toJson(OrderCancelledSchema, payload.value);
    default:
      throw new EventDecodeError("event has no payload");
  }
}

export function payloadFromJson(typeName: string, json: JsonValue): OrderEvent {
  const type = domainEventType(typeName);
  let payload: WirePayload;
  try {
    switch (type) {
      case "OrderCreated":
        payload = { case: "orderCreated", value: fromJson(OrderCreatedSchema, json) };
        break;
      case "ItemAdded":
        payload = { case: "itemAdded", value: fromJson(ItemAddedSchema, json) };
        break;
      case "ItemRemoved":
        payload = { case: "itemRemoved", value: fromJson(ItemRemovedSchema, json) };
        break;
      case "OrderCompleted":
        payload = { case: "orderCompleted", value: fromJson(OrderCompletedSchema, json) };
        break;
      case "OrderCancelled":
        payload = { case: "orderCancelled", value: fromJson(OrderCancelledSchema, json) };
        break;
      case undefined:
        throw new EventDecodeError(`unknown event type ${JSON.stringify(typeName)}`);
    }
  } catch (error) {
    if (error instanceof EventDecodeError) throw error;
    throw new EventDecodeError(`payload of ${typeName} is not valid: ${(error as Error).message}`);
  }
  return payloadFromWire(payload);
}

/** The bus message body of a stored event: the protobuf envelope in binary. */
export function encodeEnvelope(stored: StoredEvent): Uint8Array {
  return toBinary(
    OrderEventSchema,
    create(OrderEventSchema, {
      eventId: stored.eventId,
      orderId: stored.orderId,
      version: BigInt(stored.version),
      position: BigInt(stored.position),
      type: eventTypeName(stored.event.type),
      occurredAt: timeToWire(stored.occurredAt),
      recordedAt: timeToWire(stored.recordedAt),
      correlationId: stored.metadata.correlationId,
      causationId: stored.metadata.causationId,
      actor: stored.metadata.actor,
      payload: payloadToWire(stored.event),
    }),
  );
}

/**
 * Decodes a bus message body. Throws EventDecodeError for bytes that are not an envelope, an
 * unknown or mismatched type, or a payload that cannot be a domain event: the consumer parks those.
 */
export function decodeEnvelope(bytes: Uint8Array): StoredEvent {
  let envelope: ReturnType<typeof fromBinary<typeof OrderEventSchema>>;
  try {
    envelope = fromBinary(OrderEventSchema, bytes);
  } catch (error) {
    throw new EventDecodeError(`not an OrderEvent envelope: ${(error as Error).message}`);
  }
  const type = domainEventType(envelope.type);
  if (type === undefined)
    throw new EventDecodeError(`unknown event type ${JSON.stringify(envelope.type)}`);
  const event = payloadFromWire(envelope.payload);
  if (event.type !== type) {
    throw new EventDecodeError(`envelope says ${envelope.type} but carries ${event.type}`);
  }
  if (event.orderId !== envelope.orderId) {
    throw new EventDecodeError(
      `envelope order ${envelope.orderId} carries an event of ${event.orderId}`,
    );
  }
  const version = Number(envelope.version);
  const position = Number(envelope.position);
  if (!Number.isSafeInteger(version) || version < 1)
    throw new EventDecodeError(`bad version ${envelope.version}`);
  if (!Number.isSafeInteger(position) || position < 1)
    throw new EventDecodeError(`bad position ${envelope.position}`);
  return {
    position,
    eventId: envelope.eventId,
    orderId: envelope.orderId,
    version,
    event,
    occurredAt: timeFromWire(envelope.occurredAt, "occurred_at"),
    recordedAt: timeFromWire(envelope.recordedAt, "recorded_at"),
    metadata: {
      causationId: envelope.causationId,
      correlationId: envelope.correlationId,
      actor: envelope.actor,
    },
  };
}
