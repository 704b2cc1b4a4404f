import { create } from "@bufbuild/protobuf";
import { type Timestamp, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { type OrderFilter, OrderFilterSchema, type OrderStatus } from "@orderlens/contracts";
import fc from "fast-check";
import { adversarialStrings } from "./adversarial-strings.js";
import { epochStart, type OrderDocument } from "./order-documents.js";

/** Characters that matter to a filter grammar, mixed into random strings. */
const grammarChars = [
  '"',
  "'",
  "[",
  "]",
  "(",
  ")",
  ",",
  " ",
  "=",
  "!",
  "<",
  ">",
  "é",
  "\u0301",
  "👍",
];

/** Variants Meilisearch must still match (case, padding, NF forms) or must not (a prefix). */
const variants = (s: string): string[] => [
  s,
  s.toUpperCase(),
  ` ${s}  `,
  s.normalize("NFD"),
  s.normalize("NFC"),
  s.slice(0, -1),
];

const hostile = [...adversarialStrings];
/** Values aimed at the refusals (over 200 code points); most draws hit one. */
const refusable = fc.string({ unit: "binary", minLength: 199, maxLength: 202 });

/** Values for one string field: mostly ones that occur in the documents, then hostile ones. */
function stringValue(fromDocs: readonly string[]): fc.Arbitrary<string> {
  const accepted = [...fromDocs];
  return fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...accepted) },
    { weight: 15, arbitrary: fc.constantFrom(...accepted.flatMap(variants)) },
    { weight: 15, arbitrary: fc.constantFrom(...hostile) },
    { weight: 8, arbitrary: fc.string({ unit: fc.constantFrom(...grammarChars), maxLength: 8 }) },
    {
      weight: 4,
      arbitrary: fc.string({ unit: fc.constantFrom(...grammarChars, "\\"), maxLength: 6 }),
    },
    { weight: 1, arbitrary: fc.oneof(refusable, fc.constantFrom(...fromDocs)) },
  );
}

/** Often absent (an unconstrained field), else short, now and then over the 100-value limit. */
function list<T>(value: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: 70, arbitrary: fc.constant<T[]>([]) },
    { weight: 30, arbitrary: fc.array(value, { minLength: 1, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(value, { minLength: 101, maxLength: 102 }) },
  );
}

const status = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(1, 2, 3) },
  { weight: 1, arbitrary: fc.constantFrom(0, 4, 99) },
) as fc.Arbitrary<OrderStatus>;

const month = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom("2026-01", "2026-02", "2026-03", "2026-04", "2025-12") },
  {
    weight: 1,
    arbitrary: fc.constantFrom("2026-13", "2026-3", "2026-00", "26-03", '2026-03" OR "x', ""),
  },
);

const bound = fc.oneof(
  { weight: 30, arbitrary: fc.bigInt({ min: -10n, max: 10_100n }) },
  { weight: 6, arbitrary: fc.constantFrom(0n, 100n, 900n, 1_000n) },
  { weight: 1, arbitrary: fc.constantFrom(2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n) },
);

/** Instants near document times, with sub-millisecond parts, and now and then out of range. */
function timestamp(docs: readonly OrderDocument[]): fc.Arbitrary<Timestamp> {
  const ms = fc.oneof(
    fc
      .constantFrom(...docs.map((d) => d.createdAt))
      .chain((t) => fc.integer({ min: t - 1, max: t + 1 })),
    fc.integer({ min: epochStart - 86_400_000, max: epochStart + 101 * 86_400_000 }),
  );
  const valid = fc
    .tuple(
      ms,
      fc.oneof(
        fc.constant(0),
        fc.constantFrom(1, 500_000, 999_999),
        fc.integer({ min: 0, max: 999_999 }),
      ),
    )
    .map(([t, subMs]) => {
      const seconds = BigInt(Math.floor(t / 1000));
      return create(TimestampSchema, { seconds, nanos: (t % 1000) * 1_000_000 + subMs });
    });
  const invalid = fc.constantFrom(
    create(TimestampSchema, { seconds: 253_402_300_800n, nanos: 0 }),
    create(TimestampSchema, { seconds: -62_135_596_801n, nanos: 0 }),
    create(TimestampSchema, { seconds: 1_767_225_600n, nanos: 1_000_000_000 }),
    create(TimestampSchema, { seconds: 1_767_225_600n, nanos: -1 }),
  );
  return fc.oneof({ weight: 40, arbitrary: valid }, { weight: 1, arbitrary: invalid });
}

const compareTs = (a: Timestamp, b: Timestamp): number =>
  a.seconds === b.seconds ? a.nanos - b.nanos : a.seconds < b.seconds ? -1 : 1;

/**
 * A range with either bound open; the bounds are put in order except now and then, so most
 * ranges select something and a few exercise the inverted-range violation.
 */
function range<T>(
  value: fc.Arbitrary<T>,
  compare: (a: T, b: T) => number,
): fc.Arbitrary<{ lo?: T; hi?: T }> {
  return fc
    .tuple(fc.option(value, { nil: undefined }), fc.option(value, { nil: undefined }), fc.nat(19))
    .map(([a, b, dice]) => {
      if (a === undefined || b === undefined || dice === 0 || compare(a, b) <= 0)
        return { lo: a, hi: b };
      return { lo: b, hi: a };
    });
}

export function orderFilterArbitrary(docs: readonly OrderDocument[]): fc.Arbitrary<OrderFilter> {
  const distinct = (pick: (d: OrderDocument) => string[]): string[] => [
    ...new Set(docs.flatMap(pick)),
  ];
  const ts = timestamp(docs);
  return fc
    .record(
      {
        statuses: list(status),
        regions: list(stringValue(distinct((d) => [d.region]))),
        customerIds: list(stringValue(distinct((d) => [d.customerId]))),
        productIds: list(stringValue(distinct((d) => d.productIds))),
        months: list(month),
        currencies: list(stringValue(distinct((d) => [d.currency]))),
        total: fc.option(
          range(bound, (a, b) => (a < b ? -1 : a > b ? 1 : 0)),
          { nil: undefined },
        ),
        created: fc.option(range(ts, compareTs), { nil: undefined }),
      },
      {
        requiredKeys: ["statuses", "regions", "customerIds", "productIds", "months", "currencies"],
      },
    )
    .map(({ total, created, ...lists }) =>
      create(OrderFilterSchema, {
        ...lists,
        ...(total ? { total: { minMinor: total.lo, maxMinor: total.hi } } : {}),
        ...(created ? { created: { from: created.lo, to: created.hi } } : {}),
      }),
    );
}
