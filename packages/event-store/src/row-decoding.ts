import { type EventMetadata, payloadFromJson, type StoredEvent } from "@orderlens/order-events";
import type { EventRow } from "./events-table.js";

/** MySQL 8 hands JSON columns back parsed, MariaDB (JSON = LONGTEXT) as text. */
function json(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

function metadataOf(value: unknown): EventMetadata {
  const m = (json(value) ?? {}) as Partial<Record<keyof EventMetadata, unknown>>;
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    causationId: str(m.causationId),
    correlationId: str(m.correlationId),
    actor: str(m.actor),
  };
}

export function storedEventFromRow(row: EventRow): StoredEvent {
  return {
    position: Number(row.position),
    eventId: row.event_id,
    orderId: row.stream_id,
    version: Number(row.stream_version),
    event: payloadFromJson(row.type, json(row.payload) as never),
    occurredAt: row.occurred_at.getTime(),
    recordedAt: row.recorded_at.getTime(),
    metadata: metadataOf(row.metadata),
  };
}
