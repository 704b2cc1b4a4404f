import { describe, expect, it } from "vitest";
import { createOrder, item, items, T0 } from "../test/fixtures.js";
import type { OrderCommand } from "./commands.js";
import { validateCommand } from "./validation.js";

const fields = (command: OrderCommand) => validateCommand(command).map((v) => v.field);

describe("validateCommand", () => {
  it("accepts a well-formed command", () => {
    expect(validateCommand(createOrder())).toEqual([]);
  });

  it("reports every bad field of a CreateOrder at once, in field order", () => {
    const violations = validateCommand({
      type: "CreateOrder",
      orderId: "",
      customerId: "c".repeat(65),
      region: "   ",
      currency: "usd",
      items: [
        item(1),
        { productId: "bad id", productName: "", quantity: 0, unitPriceMinor: 1.5 },
        item(3, { quantity: 10_001 }),
        item(1),
      ],
      at: -1,
    });
    expect(violations.map((v) => v.field)).toEqual([
      "order_id",
      "customer_id",
      "region",
      "currency",
      "items[1].product_id",
      "items[1].product_name",
      "items[1].quantity",
      "items[1].unit_price_minor",
      "items[2].quantity",
      "items[3].product_id",
      "at",
    ]);
    for (const violation of violations) expect(violation.description).not.toBe("");
  });

  it.each([
    [0, false],
    [1, true],
    [10_000, true],
    [10_001, false],
    [2.5, false],
    [Number.NaN, false],
  ])("quantity %s valid=%s", (quantity, valid) => {
    const result = fields(createOrder({ items: [item(1, { quantity })] }));
    expect(result).toEqual(valid ? [] : ["items[0].quantity"]);
  });

  it.each([
    [0, true],
    [Number.MAX_SAFE_INTEGER, true],
    [-1, false],
    [0.5, false],
    [Number.MAX_SAFE_INTEGER + 1, false],
    [Number.POSITIVE_INFINITY, false],
  ])("unit_price_minor %s valid=%s", (unitPriceMinor, valid) => {
    const result = fields(createOrder({ items: [item(1, { unitPriceMinor })] }));
    expect(result).toEqual(valid ? [] : ["items[0].unit_price_minor"]);
  });

  it.each(["EUR", "JPY", "KWD", "CLF"])("accepts currency %s", (currency) => {
    expect(fields(createOrder({ currency }))).toEqual([]);
  });

  it.each(["", "eur", "EURO", "XXX", "XAU", "HRK", "ABC", " EUR"])(
    "rejects currency %j",
    (currency) => {
      expect(fields(createOrder({ currency }))).toEqual(["currency"]);
    },
  );

  it.each([
    ["a", true],
    ["A-z_0.9:x", true],
    ["x".repeat(64), true],
    ["x".repeat(65), false],
    ["", false],
    ["has space", false],
    ["slash/no", false],
    ["ümlaut", false],
    ["tab\t", false],
  ])("id %j valid=%s", (orderId, valid) => {
    expect(fields(createOrder({ orderId }))).toEqual(valid ? [] : ["order_id"]);
  });

  it.each([
    ["EU", true],
    ["Région Île-de-France", true],
    ["r".repeat(64), true],
    ["r".repeat(65), false],
    ["", false],
    ["   ", false],
    [" EU", false],
    ["EU\n", false],
    ["E\u0007U", false],
  ])("region %j valid=%s", (region, valid) => {
    expect(fields(createOrder({ region }))).toEqual(valid ? [] : ["region"]);
  });

  it("counts product_name length in code points", () => {
    const emoji = "😀".repeat(200); // 400 UTF-16 units, 200 code points
    expect(fields(createOrder({ items: [item(1, { productName: emoji })] }))).toEqual([]);
    expect(fields(createOrder({ items: [item(1, { productName: `${emoji}x` })] }))).toEqual([
      "items[0].product_name",
    ]);
  });

  it.each(["", "   ", "a\u0000b", "line\nbreak", "lone \uD800 surrogate"])(
    "rejects product_name %j",
    (productName) => {
      expect(fields(createOrder({ items: [item(1, { productName })] }))).toEqual([
        "items[0].product_name",
      ]);
    },
  );

  it("rejects control characters in the cancel reason", () => {
    const cancel: OrderCommand = {
      type: "CancelOrder",
      orderId: "o",
      reason: "no\u001b[31m",
      at: T0,
    };
    expect(fields(cancel)).toEqual(["reason"]);
  });

  it("checks items count bounds and still reports item fields up to a cap", () => {
    expect(fields(createOrder({ items: items(201) }))).toEqual(["items"]);
    const manyBad = Array.from({ length: 2000 }, (_, i) => item(i, { quantity: 0 }));
    expect(fields(createOrder({ items: manyBad }))).toEqual(["items"]);
  });

  it("survives wire-shaped garbage without throwing", () => {
    const garbage = {
      type: "CreateOrder",
      orderId: 42,
      customerId: null,
      region: undefined,
      currency: 978,
      items: [null, "x", { quantity: "3" }],
      at: "now",
    } as unknown as OrderCommand;
    expect(fields(garbage)).toEqual([
      "order_id",
      "customer_id",
      "region",
      "currency",
      "items[0]",
      "items[1]",
      "items[2].product_id",
      "items[2].product_name",
      "items[2].quantity",
      "items[2].unit_price_minor",
      "at",
    ]);
    const notAList = { ...createOrder(), items: "nope" } as unknown as OrderCommand;
    expect(fields(notAList)).toEqual(["items"]);
  });

  it("validates the item of AddItem and product_id of RemoveItem", () => {
    expect(
      fields({ type: "AddItem", orderId: "o", item: item(1, { quantity: 10_001 }), at: T0 }),
    ).toEqual(["item.quantity"]);
    expect(
      fields({
        type: "AddItem",
        orderId: "o",
        item: item(1, { quantity: 3, unitPriceMinor: Math.floor(Number.MAX_SAFE_INTEGER / 2) }),
        at: T0,
      }),
    ).toEqual(["item.unit_price_minor"]);
    expect(fields({ type: "RemoveItem", orderId: "o", productId: "", at: T0 })).toEqual([
      "product_id",
    ]);
    expect(fields({ type: "CompleteOrder", orderId: "o!", at: T0 })).toEqual(["order_id"]);
  });
});
