import { create } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import { type OrderFilter, OrderFilterSchema, OrderStatus } from "@orderlens/contracts";
import { describe, expect, it } from "vitest";
import { buildOrderFilter } from "./order-filter.js";

type Init = Parameters<typeof create<typeof OrderFilterSchema>>[1];
const filter = (init: Init): OrderFilter => create(OrderFilterSchema, init);
const ts = (seconds: bigint, nanos = 0) => create(TimestampSchema, { seconds, nanos });

const march2026 = 1_772_323_200n; // 2026-03-01T00:00:00Z
const april2026 = 1_775_001_600n; // 2026-04-01T00:00:00Z

function clauses(init: Init): string[] {
  const built = buildOrderFilter(filter(init));
  if (!built.ok) throw new Error(JSON.stringify(built.violations));
  return built.filter;
}

function violations(init: Init): { field: string; description: string }[] {
  const built = buildOrderFilter(filter(init));
  if (built.ok) throw new Error(`accepted: ${JSON.stringify(built.filter)}`);
  return built.violations;
}

const fields = (init: Init): string[] => violations(init).map((v) => v.field);

describe("buildOrderFilter clauses", () => {
  it("adds nothing for an absent or empty filter", () => {
    expect(buildOrderFilter(undefined)).toEqual({ ok: true, filter: [] });
    expect(clauses({})).toEqual([]);
    expect(clauses({ regions: [], total: {}, created: {} })).toEqual([]);
  });

  it("maps statuses to the document strings, once each", () => {
    expect(
      clauses({ statuses: [OrderStatus.COMPLETED, OrderStatus.PENDING, OrderStatus.COMPLETED] }),
    ).toEqual(['status IN ["completed", "pending"]']);
    expect(clauses({ statuses: [OrderStatus.CANCELLED] })).toEqual(['status IN ["cancelled"]']);
  });

  it("turns each repeated string field into an IN clause on its attribute", () => {
    expect(
      clauses({
        regions: ["eu-west"],
        customerIds: ["c-1", "c-2"],
        productIds: ["p-1"],
        months: ["2026-03", "2025-12"],
        currencies: ["EUR"],
      }),
    ).toEqual([
      'region IN ["eu-west"]',
      'customerId IN ["c-1", "c-2"]',
      'productIds IN ["p-1"]',
      'month IN ["2026-03", "2025-12"]',
      'currency IN ["EUR"]',
    ]);
  });

  it("quotes hostile text so it stays one value", () => {
    expect(clauses({ regions: ['"x" OR status = "completed"', "a], [b", "", " NOT IN "] })).toEqual(
      ['region IN ["\\"x\\" OR status = \\"completed\\"", "a], [b", "", " NOT IN "]'],
    );
  });

  it("bounds the total inclusively at both ends, either end open", () => {
    expect(clauses({ total: { minMinor: 100n, maxMinor: 900n } })).toEqual([
      "totalMinor >= 100",
      "totalMinor <= 900",
    ]);
    expect(clauses({ total: { minMinor: 5n } })).toEqual(["totalMinor >= 5"]);
    expect(clauses({ total: { maxMinor: 0n } })).toEqual(["totalMinor <= 0"]);
    expect(clauses({ total: { minMinor: 7n, maxMinor: 7n } })).toEqual([
      "totalMinor >= 7",
      "totalMinor <= 7",
    ]);
    expect(clauses({ total: { maxMinor: 9_007_199_254_740_991n } })).toEqual([
      "totalMinor <= 9007199254740991",
    ]);
  });

  it("bounds creation time from inclusive, to exclusive, in epoch milliseconds", () => {
    expect(clauses({ created: { from: ts(march2026), to: ts(april2026) } })).toEqual([
      "createdAt >= 1772323200000",
      "createdAt < 1775001600000",
    ]);
    expect(clauses({ created: { to: ts(april2026) } })).toEqual(["createdAt < 1775001600000"]);
  });

  it("rounds sub-millisecond bounds up, which is exact for whole-millisecond documents", () => {
    // from = .0000001 ms after midnight: the first whole ms at or after it is 1 ms after.
    expect(
      clauses({ created: { from: ts(march2026, 100), to: ts(march2026, 1_500_000) } }),
    ).toEqual(["createdAt >= 1772323200001", "createdAt < 1772323200002"]);
    expect(clauses({ created: { from: ts(-1n, 999_000_001) } })).toEqual(["createdAt >= 0"]);
  });

  it("accepts an empty creation range (it matches nothing)", () => {
    expect(clauses({ created: { from: ts(march2026), to: ts(march2026) } })).toEqual([
      "createdAt >= 1772323200000",
      "createdAt < 1772323200000",
    ]);
  });

  it("orders clauses by field and combines them (array form = AND)", () => {
    expect(
      clauses({
        currencies: ["EUR"],
        statuses: [OrderStatus.PENDING],
        total: { minMinor: 1n },
        created: { from: ts(march2026) },
      }),
    ).toEqual([
      'status IN ["pending"]',
      'currency IN ["EUR"]',
      "totalMinor >= 1",
      "createdAt >= 1772323200000",
    ]);
  });
});

describe("buildOrderFilter violations", () => {
  it("refuses unspecified and unknown statuses by position", () => {
    expect(
      violations({ statuses: [OrderStatus.PENDING, OrderStatus.UNSPECIFIED, 7 as OrderStatus] }),
    ).toEqual([
      {
        field: "filter.statuses[1]",
        description:
          "must be ORDER_STATUS_PENDING, ORDER_STATUS_COMPLETED or ORDER_STATUS_CANCELLED",
      },
      {
        field: "filter.statuses[2]",
        description:
          "must be ORDER_STATUS_PENDING, ORDER_STATUS_COMPLETED or ORDER_STATUS_CANCELLED",
      },
    ]);
  });

  it("refuses months that are not YYYY-MM", () => {
    expect(violations({ months: ["2026-01", "2026-02", "2026-13"] })).toEqual([
      { field: "filter.months[2]", description: "must be YYYY-MM" },
    ]);
    expect(
      fields({ months: ["2026-3", "26-03", "2026-00", "", '2026-03" OR "x', "2026-03 "] }),
    ).toEqual([0, 1, 2, 3, 4, 5].map((i) => `filter.months[${i}]`));
  });

  it("refuses an inverted total and totals beyond safe integers", () => {
    expect(violations({ total: { minMinor: 900n, maxMinor: 100n } })).toEqual([
      { field: "filter.total", description: "min_minor must not exceed max_minor" },
    ]);
    expect(fields({ total: { minMinor: 2n ** 53n } })).toEqual(["filter.total.min_minor"]);
    expect(fields({ total: { minMinor: -(2n ** 53n), maxMinor: 2n ** 63n - 1n } })).toEqual([
      "filter.total.min_minor",
      "filter.total.max_minor",
    ]);
  });

  it("refuses an inverted creation range, even by a nanosecond", () => {
    expect(violations({ created: { from: ts(april2026), to: ts(march2026) } })).toEqual([
      { field: "filter.created", description: "from must not be after to" },
    ]);
    expect(fields({ created: { from: ts(march2026, 2), to: ts(march2026, 1) } })).toEqual([
      "filter.created",
    ]);
  });

  it("refuses creation bounds outside the Timestamp range or with bad nanos", () => {
    expect(fields({ created: { from: ts(253_402_300_800n) } })).toEqual(["filter.created.from"]);
    expect(fields({ created: { to: ts(-62_135_596_801n) } })).toEqual(["filter.created.to"]);
    expect(
      fields({ created: { from: ts(march2026, 1_000_000_000), to: ts(march2026, -1) } }),
    ).toEqual(["filter.created.from", "filter.created.to"]);
    expect(
      clauses({ created: { from: ts(-62_135_596_800n), to: ts(253_402_300_799n, 999_999_999) } }),
    ).toEqual(["createdAt >= -62135596800000", "createdAt < 253402300800000"]);
  });

  it("refuses more than 100 values in one list, once for the list", () => {
    const many = Array.from({ length: 101 }, (_, i) => `r-${i}`);
    expect(violations({ regions: many })).toEqual([
      { field: "filter.regions", description: "must have at most 100 values" },
    ]);
    expect(clauses({ regions: many.slice(1) })).toHaveLength(1);
    expect(fields({ statuses: Array(101).fill(OrderStatus.PENDING) })).toEqual(["filter.statuses"]);
    expect(fields({ months: Array(101).fill("2026-03") })).toEqual(["filter.months"]);
    expect(
      fields({ currencies: Array(101).fill("EUR"), productIds: Array(101).fill("p") }),
    ).toEqual(["filter.product_ids", "filter.currencies"]);
  });

  it("refuses values over 200 characters, counting code points", () => {
    expect(violations({ customerIds: ["c-1", "x".repeat(201)] })).toEqual([
      { field: "filter.customer_ids[1]", description: "must be at most 200 characters" },
    ]);
    expect(clauses({ customerIds: ["x".repeat(200), "👍".repeat(200)] })).toHaveLength(1);
  });

  it("escapes backslashes so they are matched literally", () => {
    expect(clauses({ productIds: ["p-1", "a\\b"] })).toEqual(['productIds IN ["p-1", "a\\\\b"]']);
  });

  it("refuses text that is not valid Unicode", () => {
    expect(fields({ currencies: ["\ud800"] })).toEqual(["filter.currencies[0]"]);
  });

  it("reports every violation at once", () => {
    expect(
      fields({
        statuses: [OrderStatus.UNSPECIFIED],
        regions: ["ok", "x".repeat(201)],
        months: ["2026-1"],
        total: { minMinor: 2n, maxMinor: 1n },
        created: { from: ts(april2026), to: ts(march2026) },
      }),
    ).toEqual([
      "filter.statuses[0]",
      "filter.regions[1]",
      "filter.months[0]",
      "filter.total",
      "filter.created",
    ]);
  });
});
