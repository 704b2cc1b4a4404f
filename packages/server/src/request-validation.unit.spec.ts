import { create, type DescMessage, getOption, type MessageInitShape } from "@bufbuild/protobuf";
import { field as fieldRules } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import {
  AddItemRequestSchema,
  CancelOrderRequestSchema,
  CompleteOrderRequestSchema,
  CreateOrderRequestSchema,
  GetOrderRequestSchema,
  GetSalesReportRequestSchema,
  LineItemSchema,
  ListParkedRequestSchema,
  OrderFacet,
  type OrderSortField,
  OrderStatus,
  RemoveItemRequestSchema,
  SalesGroupBy,
  SearchOrdersRequestSchema,
} from "@orderlens/contracts";
import { describe, expect, it } from "vitest";
import { maxReportedViolations, requestViolations } from "./request-validation.js";

function fields<S extends DescMessage>(schema: S, init: MessageInitShape<S>): string[] {
  return requestViolations(schema, create(schema, init)).map((v) => v.field);
}

const item = { productId: "p-1", productName: "Tea", quantity: 2, unitPriceMinor: 450n };
const order = {
  customerId: "c-1",
  region: "eu-west",
  currency: "EUR",
  items: [item],
};

describe("orderlens.orders.v1 request rules", () => {
  it("accept a sound command of every kind", () => {
    expect(fields(CreateOrderRequestSchema, { ...order, requestId: "r-1", orderId: "" })).toEqual(
      [],
    );
    expect(fields(AddItemRequestSchema, { orderId: "o-1", item })).toEqual([]);
    expect(fields(RemoveItemRequestSchema, { orderId: "o-1", productId: "p-1" })).toEqual([]);
    expect(fields(CompleteOrderRequestSchema, { orderId: "o-1", expectedVersion: 3n })).toEqual([]);
    expect(fields(CancelOrderRequestSchema, { orderId: "o-1", reason: "" })).toEqual([]);
  });

  it("CreateOrder: ids, region, currency, line counts, quantities, prices, unique products", () => {
    expect(fields(CreateOrderRequestSchema, { ...order, requestId: "bad id!" })).toEqual([
      "request_id",
    ]);
    expect(fields(CreateOrderRequestSchema, { ...order, orderId: "o".repeat(65) })).toEqual([
      "order_id",
    ]);
    expect(fields(CreateOrderRequestSchema, { ...order, customerId: "" })).toEqual(["customer_id"]);
    expect(fields(CreateOrderRequestSchema, { ...order, region: "eu " })).toEqual(["region"]);
    expect(fields(CreateOrderRequestSchema, { ...order, currency: "XYZ" })).toEqual(["currency"]);
    expect(fields(CreateOrderRequestSchema, { ...order, items: [] })).toEqual(["items"]);
    const many = Array.from({ length: 201 }, (_, i) => ({ ...item, productId: `p${i}` }));
    expect(fields(CreateOrderRequestSchema, { ...order, items: many })).toEqual(["items"]);
    expect(
      fields(CreateOrderRequestSchema, {
        ...order,
        items: [
          { ...item, quantity: 0, unitPriceMinor: -1n },
          { ...item, productId: "p-2", quantity: 10_001, unitPriceMinor: 2n ** 53n },
        ],
      }),
    ).toEqual([
      "items[0].quantity",
      "items[0].unit_price_minor",
      "items[1].quantity",
      "items[1].unit_price_minor",
    ]);
    expect(fields(CreateOrderRequestSchema, { ...order, items: [item, item] })).toEqual(["items"]);
    expect(fields(CreateOrderRequestSchema, { ...order, expectedVersion: 2n ** 32n })).toEqual([
      "expected_version",
    ]);
  });

  it("the other commands: item required, ids, reason length", () => {
    expect(
      requestViolations(AddItemRequestSchema, create(AddItemRequestSchema, { orderId: "o" })),
    ).toEqual([{ field: "item", description: "is required" }]);
    expect(
      fields(AddItemRequestSchema, { orderId: "", item: { ...item, productName: "" } }),
    ).toEqual(["order_id", "item.product_name"]);
    expect(fields(RemoveItemRequestSchema, { orderId: "o-1", productId: "a b" })).toEqual([
      "product_id",
    ]);
    expect(fields(CompleteOrderRequestSchema, { orderId: "o/1" })).toEqual(["order_id"]);
    expect(fields(CancelOrderRequestSchema, { orderId: "o-1", reason: "r".repeat(501) })).toEqual([
      "reason",
    ]);
  });

  it("describes each violation after the field it names", () => {
    const [quantity] = requestViolations(
      LineItemSchema,
      create(LineItemSchema, { ...item, quantity: 0 }),
    );
    expect(quantity).toEqual({
      field: "quantity",
      description: expect.stringMatching(/^must be greater than or equal to 1/),
    });
  });
});

describe("orderlens.reports.v1 request rules", () => {
  it("GetOrder: the order id and a safe min_version", () => {
    expect(fields(GetOrderRequestSchema, { orderId: "o-1", minVersion: 5n })).toEqual([]);
    expect(fields(GetOrderRequestSchema, { orderId: "has spaces" })).toEqual(["order_id"]);
    expect(fields(GetOrderRequestSchema, { orderId: "o-1", minVersion: 2n ** 53n })).toEqual([
      "min_version",
    ]);
  });

  it("SearchOrders: query length, page bounds, named facets and sorts, filter values", () => {
    expect(fields(SearchOrdersRequestSchema, { query: "tea", pageSize: 100 })).toEqual([]);
    expect(
      fields(SearchOrdersRequestSchema, {
        query: "q".repeat(201),
        page: 10_001,
        pageSize: 101,
        facets: [OrderFacet.REGION, OrderFacet.UNSPECIFIED],
        sort: [{ field: 9 as OrderSortField }],
        filter: {
          statuses: [OrderStatus.PENDING, OrderStatus.UNSPECIFIED, 7 as OrderStatus],
          months: ["2026-13"],
          regions: ["r".repeat(201)],
          total: { minMinor: -(2n ** 53n) },
        },
      }),
    ).toEqual([
      "query",
      "filter.statuses[1]",
      "filter.statuses[2]",
      "filter.regions[0]",
      "filter.months[0]",
      "filter.total.min_minor",
      "sort[0].field",
      "page",
      "page_size",
      "facets[1]",
    ]);
  });

  it("GetSalesReport: a range, a named grouping, top_n, currency and list values", () => {
    const months = { case: "months", value: { from: "2026-01", to: "2026-03" } } as const;
    expect(fields(GetSalesReportRequestSchema, { range: months, groupBy: 1 })).toEqual([]);
    expect(
      fields(GetSalesReportRequestSchema, {
        groupBy: SalesGroupBy.UNSPECIFIED,
        topN: 1_001,
        currency: "eur",
        regions: [""],
      }),
      // Field rules come in field order, the oneof's after them.
    ).toEqual(["group_by", "top_n", "currency", "regions[0]", "range"]);
    expect(
      fields(GetSalesReportRequestSchema, {
        range: { case: "days", value: { from: "2026-1-1", to: "2026-01-02" } },
        groupBy: SalesGroupBy.DAY,
      }),
    ).toEqual(["days.from"]);
  });
});

describe("orderlens.ops.v1 request rules", () => {
  it("ListParked: at most 1000", () => {
    expect(fields(ListParkedRequestSchema, { limit: 1_000 })).toEqual([]);
    expect(fields(ListParkedRequestSchema, { limit: 1_001 })).toEqual(["limit"]);
  });
});

describe("the rules are in the contract", () => {
  it("travel in the descriptors other clients read", () => {
    const quantity = LineItemSchema.field.quantity;
    if (!quantity) throw new Error("LineItem.quantity is missing");
    const rules = getOption(quantity, fieldRules);
    expect(rules.type).toMatchObject({ case: "int32", value: { lessThan: { value: 10_000 } } });
  });

  it("a flood of bad values is reported up to a bound", () => {
    const bad = Array.from({ length: 150 }, (_, i) => ({
      ...item,
      productId: `p${i}`,
      quantity: 0,
    }));
    const violations = requestViolations(
      CreateOrderRequestSchema,
      create(CreateOrderRequestSchema, { ...order, items: bad }),
    );
    expect(violations).toHaveLength(maxReportedViolations);
  });
});
