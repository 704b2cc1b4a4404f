// Months are "YYYY-MM" strings, as the reports take them, cut in UTC.

export const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string | null | undefined): value is string {
  return typeof value === "string" && monthPattern.test(value);
}

export function currentMonth(now: Date = new Date()): string {
  return now.toISOString().slice(0, 7);
}

export function addMonths(month: string, count: number): string {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (mon - 1) + count;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Every month from `from` to `to`, both included; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string, max = 120): string[] {
  const months: string[] = [];
  for (let m = from; m <= to && months.length < max; m = addMonths(m, 1)) months.push(m);
  return months;
}

const longMonth = new Intl.DateTimeFormat(undefined, {
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const shortMonth = new Intl.DateTimeFormat(undefined, {
  month: "short",
  year: "2-digit",
  timeZone: "UTC",
});

const monthDate = (month: string) => new Date(`${month}-01T00:00:00Z`);

/** "2026-03" -> "Mar 2026". */
export function formatMonth(month: string): string {
  return isMonth(month) ? longMonth.format(monthDate(month)) : month;
}

/** "2026-03" -> "Mar 26", for axis ticks. */
export function formatMonthShort(month: string): string {
  return isMonth(month) ? shortMonth.format(monthDate(month)) : month;
}
