import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { OrderEventSchema } from "@orderlens/contracts";
import type { OrderEvent } from "@orderlens/domain";
import { describe, expect, it } from "vitest";
import {
  decodeEnvelope,
  encodeEnvelope,
  payloadFromJson,
  payloadToJson,
} from "./envelope-codec.js";
import { eventTypeName } from "./event-types.js";
import type { StoredEvent } from "./stored-event.js";
import { EventDecodeError } from "./wire-values.js";

const at = Date.UTC(2026, 10, 23, 12, 30, 15, 250);
const item = {
  productId: "sku-1",
  productName: "Kaffee “Ünïcode”",
  quantity: 3,
  unitPriceMinor: 1_999,
};
const events: OrderEvent[] = [
  {
    type: "OrderCreated",
    orderId: "o-1",
    customerId: "c-1",
    region: "eu-west",
    currency: "EUR",
    items: [item],
    createdAt: at,
  },
  {
    type: "ItemAdded",
    orderId: "o-1",
    item: { ...item, productId: "sku-2", unitPriceMinor: 9_007_199_254_740_991 },
    at,
  },
  { type: "ItemRemoved", orderId: "o-1", productId: "sku-2", at },
  { type: "OrderCompleted", orderId: "o-1", totalMinor: 5_997, completedAt: at + 1 },
  { type: "OrderCancelled", orderId: "o-1", reason: "", cancelledAt: at + 2 },
];

function stored(event: OrderEvent, version: number): StoredEvent {
  return {
    position: 1_000 + version,
    eventId: `00000000-0000-7000-8000-00000000000${version}`,
    orderId: "o-1",
    version,
    event,
    occurredAt: at,
    recordedAt: at + 5,
    metadata: { causationId: "req-1", correlationId: "corr-1", actor: "writer" },
  };
}

describe("order event codecs", () => {
  it.each(events.map((e, i) => [e.type, e, i + 1] as const))(
    "%s survives the envelope",
    (_, event, version) => {
      const s = stored(event, version);
      expect(decodeEnvelope(encodeEnvelope(s))).toEqual(s);
    },
  );

  it.each(events.map((e) => [e.type, e] as const))(
    "%s survives the stored JSON payload",
    (_, event) => {
      const json = JSON.parse(JSON.stringify(payloadToJson(event)));
      expect(payloadFromJson(eventTypeName(event.type), json)).toEqual(event);
    },
  );

  it("keeps money exact at the edge of the safe range", () => {
    const json = payloadToJson(events[1] as OrderEvent);
    expect(JSON.stringify(json)).toContain('"9007199254740991"');
  });

  it("rejects garbage, unknown types, empty payloads and mismatches with EventDecodeError", () => {
    expect(() => decodeEnvelope(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(EventDecodeError);
    const noPayload = toBinary(
      OrderEventSchema,
      create(OrderEventSchema, {
        type: "orderlens.orders.v1.OrderCreated",
        orderId: "o",
        version: 1n,
        position: 1n,
      }),
    );
    expect(() => decodeEnvelope(noPayload)).toThrow(/no payload/);
    const unknown = toBinary(
      OrderEventSchema,
      create(OrderEventSchema, { type: "orderlens.orders.v1.Refunded" }),
    );
    expect(() => decodeEnvelope(unknown)).toThrow(/unknown event type/);
    expect(() => payloadFromJson("orderlens.orders.v1.OrderCreated", { items: "nope" })).toThrow(
      EventDecodeError,
    );
    const relabelled = fromBinary(
      OrderEventSchema,
      encodeEnvelope(stored(events[0] as OrderEvent, 1)),
    );
    relabelled.type = "orderlens.orders.v1.ItemAdded";
    expect(() => decodeEnvelope(toBinary(OrderEventSchema, relabelled))).toThrow(
      /carries OrderCreated/,
    );
  });

  it("rejects money beyond the safe integer range", () => {
    const json = {
      orderId: "o-1",
      totalMinor: "9007199254740993",
      completedAt: "2026-01-01T00:00:00Z",
    };
    expect(() => payloadFromJson("orderlens.orders.v1.OrderCompleted", json)).toThrow(
      /safe integer/,
    );
  });
});
