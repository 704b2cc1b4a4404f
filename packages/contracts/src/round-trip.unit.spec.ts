import {
  create,
  type DescField,
  type DescMessage,
  equals,
  fromBinary,
  fromJson,
  ScalarType,
  toBinary,
  toJson,
} from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { orderlensFiles } from "./index.js";

type Init = Record<string, unknown>;

function scalarSample(type: ScalarType, salt: number): unknown {
  switch (type) {
    case ScalarType.DOUBLE:
      return 1.5 + salt;
    case ScalarType.FLOAT:
      return 0.5 + salt;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return -9_007_199_254_740_993n - BigInt(salt);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return 18_000_000_000_000_000_000n + BigInt(salt);
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return -7 - salt;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return 4_000_000_000 + salt;
    case ScalarType.BOOL:
      return true;
    case ScalarType.STRING:
      return `välue "${salt}" \\ 📦`;
    case ScalarType.BYTES:
      return new Uint8Array([0, 255, salt]);
  }
}

function messageSample(desc: DescMessage, depth: number, oneofCase?: DescField): Init {
  if (desc.typeName === "google.protobuf.Timestamp") {
    return { seconds: 1_767_225_600n, nanos: 123_000_000 };
  }
  if (desc.typeName === "google.protobuf.Duration") {
    return { seconds: 2n, nanos: 500_000_000 };
  }
  const init: Init = {};
  for (const field of desc.fields) {
    if (depth > 3 && field.fieldKind === "message") continue;
    const value = fieldSample(field, depth);
    if (field.oneof) {
      const chosen = oneofCase?.oneof === field.oneof ? oneofCase : field.oneof.fields[0];
      if (chosen === field) init[field.oneof.localName] = { case: field.localName, value };
      continue;
    }
    init[field.localName] = value;
  }
  return init;
}

function fieldSample(field: DescField, depth: number): unknown {
  switch (field.fieldKind) {
    case "scalar":
      return scalarSample(field.scalar, field.number);
    case "enum":
      return field.enum.values.at(-1)?.number ?? 0;
    case "message":
      return messageSample(field.message, depth + 1);
    case "list":
      switch (field.listKind) {
        case "scalar":
          return [scalarSample(field.scalar, 1), scalarSample(field.scalar, 2)];
        case "enum":
          return field.enum.values.slice(1).map((v) => v.number);
        case "message":
          return [messageSample(field.message, depth + 1), messageSample(field.message, depth + 1)];
      }
      break;
    case "map":
      return {};
  }
}

const messages = orderlensFiles.flatMap((file) => file.messages);

/** Every message once, plus one variant per oneof case so each case is exercised. */
const cases = messages.flatMap((desc) => {
  const variants = desc.oneofs.flatMap((oneof) =>
    oneof.fields.map((f) => ({
      name: `${desc.typeName} (${f.name})`,
      desc,
      init: messageSample(desc, 0, f),
    })),
  );
  return variants.length > 0
    ? variants
    : [{ name: desc.typeName, desc, init: messageSample(desc, 0) }];
});

describe("every orderlens message round-trips", () => {
  it("covers the whole contract", () => {
    const names = new Set(messages.map((m) => m.typeName));
    for (const expected of [
      "orderlens.orders.v1.CreateOrderRequest",
      "orderlens.orders.v1.OrderEvent",
      "orderlens.orders.v1.OrderCancelled",
      "orderlens.reports.v1.GetSalesReportRequest",
      "orderlens.reports.v1.GetProjectionStatusResponse",
      "orderlens.ops.v1.VerifyResponse",
    ]) {
      expect(names).toContain(expected);
    }
    expect(cases.length).toBeGreaterThanOrEqual(messages.length);
  });

  it.each(cases)("$name through binary and JSON", ({ desc, init }) => {
    const original = create(desc, init);
    // A message whose sample stayed all-default would prove nothing.
    expect(toBinary(desc, original).length > 0 || desc.fields.length === 0).toBe(true);

    const viaBinary = fromBinary(desc, toBinary(desc, original));
    expect(equals(desc, viaBinary, original)).toBe(true);

    const json = toJson(desc, original);
    const viaJson = fromJson(desc, JSON.parse(JSON.stringify(json)));
    expect(equals(desc, viaJson, original)).toBe(true);
    expect(toJson(desc, viaJson)).toEqual(json);
  });
});
