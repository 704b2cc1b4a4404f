import { describe, expect, it } from "vitest";
import { awaitedCommand, orderUrlAfter } from "./command-trace";
import { draftToRequest, initialDraft } from "./order-draft";

describe("new order draft", () => {
  it("becomes CreateOrder with exact minor units", () => {
    const result = draftToRequest(
      {
        orderId: " ",
        customerId: " c-1 ",
        region: "eu-west",
        currency: "eur",
        lines: [{ productId: "sku-1", productName: "Beans", quantity: "2", unitPrice: "12.50" }],
      },
      "req-1",
    );
    expect(result).toEqual({
      ok: true,
      request: {
        requestId: "req-1",
        orderId: "",
        customerId: "c-1",
        region: "eu-west",
        currency: "EUR",
        items: [{ productId: "sku-1", productName: "Beans", quantity: 2, unitPriceMinor: 1_250n }],
      },
    });
  });

  it("says which prices and currency it cannot read, and leaves the rest to command-svc", () => {
    const result = draftToRequest(
      {
        ...initialDraft,
        currency: "euro",
        lines: [{ ...initialDraft.lines[0], unitPrice: "abc" } as never],
      },
      "r",
    );
    expect(result).toEqual({
      ok: false,
      problems: [{ field: "currency", description: "must be an ISO-4217 code such as EUR" }],
    });
    const price = draftToRequest(
      { ...initialDraft, lines: [{ ...initialDraft.lines[0], unitPrice: "1.234" } as never] },
      "r",
    );
    expect(price).toMatchObject({ ok: false, problems: [{ field: "items[0].unit_price" }] });
    // Empty fields are command-svc's to refuse, with its own field violations.
    expect(
      draftToRequest(
        { ...initialDraft, lines: [{ ...initialDraft.lines[0], unitPrice: "1" } as never] },
        "r",
      ).ok,
    ).toBe(true);
  });
});

describe("command trace in the URL", () => {
  it("carries the version to wait for and the position", () => {
    const url = orderUrlAfter({
      orderId: "o/1",
      version: 3n,
      position: 1234n,
      replayed: false,
    } as never);
    expect(url).toBe("/orders/o%2F1?v=3&pos=1234");
    expect(awaitedCommand("v=3&pos=1234")).toEqual({ version: 3n, position: "1234" });
    expect(awaitedCommand("v=0")).toBeUndefined();
    expect(awaitedCommand("v=abc")).toBeUndefined();
    expect(awaitedCommand("v=2&pos=<script>")).toEqual({ version: 2n, position: "" });
  });
});
