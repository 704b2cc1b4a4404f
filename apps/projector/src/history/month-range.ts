/** At most this many months in one export: twenty years, a bound on one request's work. */
export const MAX_EXPORT_MONTHS = 240;

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** What is wrong with one end of a range; the caller names the field its own way. */
export interface RangeViolation {
  end: "from" | "to";
  description: string;
}

export type ExportMonths =
  | { ok: true; months: string[] }
  | { ok: false; violations: RangeViolation[] };

/** Months since year 0, so a range is a difference of two integers. */
function monthNumber(month: string): number | undefined {
  const m = monthPattern.exec(month);
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : undefined;
}

function monthName(n: number): string {
  const year = String(Math.floor(n / 12)).padStart(4, "0");
  return `${year}-${String((n % 12) + 1).padStart(2, "0")}`;
}

/** Every month from `from` to `to` inclusive, or each reason the range is refused. */
export function exportMonths(from: string, to: string): ExportMonths {
  const first = monthNumber(from);
  const last = monthNumber(to);
  const violations: RangeViolation[] = [];
  if (first === undefined) violations.push({ end: "from", description: "must be YYYY-MM" });
  if (last === undefined) violations.push({ end: "to", description: "must be YYYY-MM" });
  if (first === undefined || last === undefined) return { ok: false, violations };
  if (last < first) {
    return { ok: false, violations: [{ end: "to", description: `must not be before ${from}` }] };
  }
  const count = last - first + 1;
  if (count > MAX_EXPORT_MONTHS) {
    return {
      ok: false,
      violations: [
        {
          end: "to",
          description: `the range from ${from} spans ${count} months; at most ${MAX_EXPORT_MONTHS} are exported at once`,
        },
      ],
    };
  }
  return { ok: true, months: Array.from({ length: count }, (_, i) => monthName(first + i)) };
}

/** Thrown by an export asked for a range it refuses; the CLI and the RPC word it for their caller. */
export class ExportRangeError extends Error {
  override readonly name = "ExportRangeError";
  constructor(readonly violations: readonly RangeViolation[]) {
    super(violations.map((v) => `${v.end}: ${v.description}`).join("; "));
  }
}
