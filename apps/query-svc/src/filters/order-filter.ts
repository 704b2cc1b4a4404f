import type { MoneyRange, OrderFilter, TimeRange } from "@orderlens/contracts";
import { OrderStatus } from "@orderlens/contracts";
import type { FieldViolation } from "@orderlens/server";
import { quoteFilterValue } from "./filter-value.js";
import { checkStringValues, maxFilterValues } from "./string-values.js";
import { ceilTimestampMs, compareTimestamps } from "./timestamp-ms.js";

/** Clauses for Meilisearch's `filter` (array form: every clause must hold), or why not. */
export type OrderFilterResult =
  | { ok: true; filter: string[] }
  | { ok: false; violations: FieldViolation[] };

/** How the projector writes `status` into the `orders` documents. */
const statusValue: Partial<Record<OrderStatus, string>> = {
  [OrderStatus.PENDING]: "pending",
  [OrderStatus.COMPLETED]: "completed",
  [OrderStatus.CANCELLED]: "cancelled",
};

const month = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

// Bigint bounds of what a JSON number (and so a Meilisearch facet) carries exactly.
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);
const minSafe = -maxSafe;

/**
 * The only translation of an `OrderFilter` into Meilisearch filter syntax. Attribute names are
 * constants and every string value goes through `quoteFilterValue`, so nothing a client sends
 * is ever parsed as filter syntax. Repeated fields become `IN [...]` (any of), empty ones add
 * nothing. String equality is Meilisearch's facet equality: trimmed, NFKD, case-insensitive.
 */
export function buildOrderFilter(filter: OrderFilter | undefined): OrderFilterResult {
  if (!filter) return { ok: true, filter: [] };
  const violations: FieldViolation[] = [];
  const clauses: string[] = [];
  const inClause = (attribute: string, values: readonly string[]): void => {
    if (values.length === 0) return;
    const unique = [...new Set(values)];
    clauses.push(`${attribute} IN [${unique.map(quoteFilterValue).join(", ")}]`);
  };

  inClause("status", statuses(filter.statuses, violations));

  const strings: [attribute: string, path: string, values: string[]][] = [
    ["region", "filter.regions", filter.regions],
    ["customerId", "filter.customer_ids", filter.customerIds],
    ["productIds", "filter.product_ids", filter.productIds],
  ];
  for (const [attribute, path, values] of strings) {
    const found = checkStringValues(values, path);
    violations.push(...found);
    if (found.length === 0) inClause(attribute, values);
  }

  const badMonths = monthViolations(filter.months);
  violations.push(...badMonths);
  if (badMonths.length === 0) inClause("month", filter.months);

  const badCurrencies = checkStringValues(filter.currencies, "filter.currencies");
  violations.push(...badCurrencies);
  if (badCurrencies.length === 0) inClause("currency", filter.currencies);

  clauses.push(...totalClauses(filter.total, violations));
  clauses.push(...createdClauses(filter.created, violations));

  return violations.length > 0 ? { ok: false, violations } : { ok: true, filter: clauses };
}

function statuses(values: readonly OrderStatus[], violations: FieldViolation[]): string[] {
  if (values.length > maxFilterValues) {
    violations.push({
      field: "filter.statuses",
      description: `must have at most ${maxFilterValues} values`,
    });
    return [];
  }
  const out: string[] = [];
  values.forEach((status, i) => {
    const value = statusValue[status];
    if (value === undefined) {
      violations.push({
        field: `filter.statuses[${i}]`,
        description:
          "must be ORDER_STATUS_PENDING, ORDER_STATUS_COMPLETED or ORDER_STATUS_CANCELLED",
      });
    } else {
      out.push(value);
    }
  });
  return out;
}

function monthViolations(months: readonly string[]): FieldViolation[] {
  if (months.length > maxFilterValues) {
    return [{ field: "filter.months", description: `must have at most ${maxFilterValues} values` }];
  }
  const out: FieldViolation[] = [];
  months.forEach((m, i) => {
    if (!month.test(m)) out.push({ field: `filter.months[${i}]`, description: "must be YYYY-MM" });
  });
  return out;
}

function totalClauses(total: MoneyRange | undefined, violations: FieldViolation[]): string[] {
  if (!total) return [];
  const before = violations.length;
  const safe = (v: bigint | undefined, field: string): void => {
    if (v !== undefined && (v < minSafe || v > maxSafe)) {
      violations.push({
        field,
        description: `must be between ${minSafe} and ${maxSafe} (a safe integer)`,
      });
    }
  };
  safe(total.minMinor, "filter.total.min_minor");
  safe(total.maxMinor, "filter.total.max_minor");
  const { minMinor, maxMinor } = total;
  if (violations.length > before) return [];
  if (minMinor !== undefined && maxMinor !== undefined && minMinor > maxMinor) {
    violations.push({ field: "filter.total", description: "min_minor must not exceed max_minor" });
    return [];
  }
  const out: string[] = [];
  // Bigint-to-string keeps the exact digits; the bounds were checked to be safe integers.
  if (minMinor !== undefined) out.push(`totalMinor >= ${minMinor}`);
  if (maxMinor !== undefined) out.push(`totalMinor <= ${maxMinor}`);
  return out;
}

function createdClauses(created: TimeRange | undefined, violations: FieldViolation[]): string[] {
  if (!created) return [];
  const from = created.from ? ceilTimestampMs(created.from) : undefined;
  const to = created.to ? ceilTimestampMs(created.to) : undefined;
  if (from && !from.ok) {
    violations.push({ field: "filter.created.from", description: from.description });
  }
  if (to && !to.ok) violations.push({ field: "filter.created.to", description: to.description });
  if (from?.ok === false || to?.ok === false) return [];
  // An empty range (from == to) is allowed and matches nothing; only an inverted one is an error.
  if (created.from && created.to && compareTimestamps(created.from, created.to) > 0) {
    violations.push({ field: "filter.created", description: "from must not be after to" });
    return [];
  }
  const out: string[] = [];
  if (from?.ok) out.push(`createdAt >= ${from.ms}`);
  if (to?.ok) out.push(`createdAt < ${to.ms}`);
  return out;
}
