import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { OrderFilter } from "@orderlens/contracts";
import type { OrderDocument } from "./order-documents.js";

/**
 * What an OrderFilter means, evaluated document by document in plain JS, written from the proto
 * comments and Meilisearch's documented facet equality rather than from the builder: it shares
 * no code with it (no quoting, no millisecond rounding, no clause strings).
 */
export type Expected = { ok: true; ids: string[] } | { ok: false; fields: string[] };

/** milli's `normalize_facet`: string facet equality ignores outer spaces, case and NFKD forms. */
const facet = (s: string): string => s.trim().normalize("NFKD").toLowerCase();

const statusNames: Record<number, OrderDocument["status"] | undefined> = {
  1: "pending",
  2: "completed",
  3: "cancelled",
};

const maxSafe = 2n ** 53n - 1n;
const minTimestampSeconds = -62_135_596_800n;
const maxTimestampSeconds = 253_402_300_799n;
const nanosOf = (t: Timestamp): bigint => t.seconds * 1_000_000_000n + BigInt(t.nanos);
const validTimestamp = (t: Timestamp): boolean =>
  t.seconds >= minTimestampSeconds &&
  t.seconds <= maxTimestampSeconds &&
  Number.isInteger(t.nanos) &&
  t.nanos >= 0 &&
  t.nanos < 1_000_000_000;

function listFields(
  values: readonly unknown[],
  path: string,
  bad: (v: never) => boolean,
): string[] {
  if (values.length > 100) return [path];
  return values.flatMap((v, i) => (bad(v as never) ? [`${path}[${i}]`] : []));
}

const badString = (v: string): boolean => Array.from(v).length > 200 || /\p{Cs}/u.test(v);

function violations(f: OrderFilter): string[] {
  const out = [
    ...listFields(f.statuses, "filter.statuses", (s: number) => statusNames[s] === undefined),
    ...listFields(f.regions, "filter.regions", badString),
    ...listFields(f.customerIds, "filter.customer_ids", badString),
    ...listFields(f.productIds, "filter.product_ids", badString),
    ...listFields(f.months, "filter.months", (m: string) => !/^\d{4}-(0[1-9]|1[0-2])$/.test(m)),
    ...listFields(f.currencies, "filter.currencies", badString),
  ];
  const { minMinor, maxMinor } = f.total ?? {};
  const unsafe = (v: bigint | undefined): boolean =>
    v !== undefined && (v > maxSafe || v < -maxSafe);
  if (unsafe(minMinor)) out.push("filter.total.min_minor");
  if (unsafe(maxMinor)) out.push("filter.total.max_minor");
  if (!unsafe(minMinor) && !unsafe(maxMinor) && minMinor !== undefined && maxMinor !== undefined) {
    if (minMinor > maxMinor) out.push("filter.total");
  }
  const from = f.created?.from;
  const to = f.created?.to;
  if (from && !validTimestamp(from)) out.push("filter.created.from");
  if (to && !validTimestamp(to)) out.push("filter.created.to");
  if (from && to && validTimestamp(from) && validTimestamp(to) && nanosOf(from) > nanosOf(to)) {
    out.push("filter.created");
  }
  return out.sort();
}

/** Meilisearch indexes no empty facet string: a document's "" equals no filter value. */
const anyOf = (wanted: readonly string[], actual: readonly string[]): boolean =>
  wanted.length === 0 || actual.some((a) => a !== "" && wanted.some((w) => facet(w) === facet(a)));

function matches(f: OrderFilter, d: OrderDocument): boolean {
  const statuses = f.statuses.map((s) => statusNames[s]);
  if (statuses.length > 0 && !statuses.includes(d.status)) return false;
  if (!anyOf(f.regions, [d.region])) return false;
  if (!anyOf(f.customerIds, [d.customerId])) return false;
  if (!anyOf(f.productIds, d.productIds)) return false;
  if (!anyOf(f.months, [d.month])) return false;
  if (!anyOf(f.currencies, [d.currency])) return false;
  const total = BigInt(d.totalMinor);
  if (f.total?.minMinor !== undefined && total < f.total.minMinor) return false;
  if (f.total?.maxMinor !== undefined && total > f.total.maxMinor) return false;
  const created = BigInt(d.createdAt) * 1_000_000n;
  if (f.created?.from && created < nanosOf(f.created.from)) return false;
  if (f.created?.to && created >= nanosOf(f.created.to)) return false;
  return true;
}

export function expectedResult(f: OrderFilter, docs: readonly OrderDocument[]): Expected {
  const fields = violations(f);
  if (fields.length > 0) return { ok: false, fields };
  return {
    ok: true,
    ids: docs
      .filter((d) => matches(f, d))
      .map((d) => d.id)
      .sort(),
  };
}
