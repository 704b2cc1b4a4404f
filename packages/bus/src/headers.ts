/** AMQP header names of orderlens event messages. Values are strings or numbers. */
export const headers = {
  eventType: "x-event-type",
  orderId: "x-order-id",
  version: "x-order-version",
  position: "x-position",
  correlationId: "x-correlation-id",
  /** Delivery attempts that failed so far; set when a message goes to a retry tier. */
  attempts: "x-attempts",
  lastError: "x-last-error",
  /** Queue the message came from, so retries and redrives return it there. */
  originQueue: "x-origin-queue",
  parkedReason: "x-parked-reason",
  parkedAt: "x-parked-at",
} as const;

export const protobufContentType = "application/x-protobuf";
