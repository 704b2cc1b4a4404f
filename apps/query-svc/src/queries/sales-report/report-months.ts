import type { GetSalesReportRequest } from "@orderlens/contracts";

/** Whole months ("2026-03"), first and last inclusive: compared as strings, they sort in time order. */
export interface MonthSpan {
  readonly from: string;
  readonly to: string;
}

/** The months a report reads (a day range reads its days' months); undefined when it names no range. */
export function reportMonths(req: GetSalesReportRequest): MonthSpan | undefined {
  const { range } = req;
  if (range.case === "months") return { from: range.value.from, to: range.value.to };
  if (range.case === "days") {
    return { from: range.value.from.slice(0, 7), to: range.value.to.slice(0, 7) };
  }
  return undefined;
}

/** Whether any of `months` falls in `span`; every month does when there is no span. */
export function spanListsAny(span: MonthSpan | undefined, months: readonly string[]): boolean {
  return months.some((m) => !span || (m >= span.from && m <= span.to));
}
