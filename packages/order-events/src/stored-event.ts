import type { OrderEvent } from "@orderlens/domain";

/** Who and what caused an event; stored beside it and carried in the envelope. */
export interface EventMetadata {
  /** The command's request id (idempotency key), "" when the client gave none. */
  readonly causationId: string;
  readonly correlationId: string;
  readonly actor: string;
}

/** An event as the event store holds it, with its position in the global order. */
export interface StoredEvent {
  readonly position: number;
  readonly eventId: string;
  readonly orderId: string;
  readonly version: number;
  readonly event: OrderEvent;
  /** Domain time of the command (epoch ms UTC). */
  readonly occurredAt: number;
  /** Commit time in the event store (epoch ms UTC). */
  readonly recordedAt: number;
  readonly metadata: EventMetadata;
}
