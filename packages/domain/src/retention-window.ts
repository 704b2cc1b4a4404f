import { reportKeys } from "./report-keys.js";

/**
 * The hot window of a read model kept for `months` months: the current month (in the reporting
 * time zone) and the months before it, `months` in all. Pure: the clock is an input, so the
 * projector, Verify, Rebuild and query-svc agree on the same window for the same instant.
 */
export interface RetentionWindow {
  /** The first month kept ("YYYY-MM"); every month before it is outside the window. */
  readonly firstMonth: string;
  readonly months: number;
}

/** Undefined when `months` is 0: kept forever. */
export function retentionWindow(
  nowMs: number,
  months: number,
  timeZone: string,
): RetentionWindow | undefined {
  if (!Number.isSafeInteger(months) || months < 0) {
    throw new RangeError(`retention months must be a whole number >= 0, got ${months}`);
  }
  if (months === 0) return undefined;
  const [year, month] = reportKeys(nowMs, timeZone).month.split("-").map(Number) as [
    number,
    number,
  ];
  const first = year * 12 + (month - 1) - (months - 1);
  return {
    firstMonth: `${String(Math.floor(first / 12)).padStart(4, "0")}-${String((first % 12) + 1).padStart(2, "0")}`,
    months,
  };
}

/** Whether a "YYYY-MM" month is inside the window (always, without one). */
export function inWindow(window: RetentionWindow | undefined, month: string): boolean {
  return window === undefined || month >= window.firstMonth;
}
