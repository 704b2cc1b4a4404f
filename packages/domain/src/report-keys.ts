/**
 * Calendar keys for report buckets, computed in an IANA reporting time zone. An order completed at
 * 2026-01-31T23:30Z is a January sale in UTC but a February sale in Asia/Tokyo, so the zone is an
 * explicit input rather than whatever the host happens to run in.
 */

export interface ReportKeys {
  /** "YYYY-MM" */
  readonly month: string;
  /** "YYYY-MM-DD" */
  readonly day: string;
}

/**
 * Latest accepted instant (9999-12-30T00:00Z): a day short of year 10000 so that no zone offset
 * can produce a five-digit year, which would break the fixed-width keys.
 */
export const MAX_EPOCH_MS = Date.UTC(9999, 11, 30);

// Formatters are costly to build and the projector computes keys for every event.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached !== undefined) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      calendar: "gregory",
      numberingSystem: "latn",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
  } catch (cause) {
    throw new RangeError(
      `Invalid reporting time zone ${JSON.stringify(timeZone)}: expected an IANA zone name such as "UTC" or "Europe/Berlin"`,
      { cause },
    );
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** True when `timeZone` is an IANA zone this runtime knows; lets services fail fast at startup. */
export function isTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone.length === 0) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Month and day keys of `epochMs` in `timeZone`. Throws RangeError for an invalid zone or an
 * instant that is not an integer in [0, MAX_EPOCH_MS].
 */
export function reportKeys(epochMs: number, timeZone = "UTC"): ReportKeys {
  if (typeof timeZone !== "string" || timeZone.length === 0) {
    throw new RangeError("Invalid reporting time zone: expected a non-empty IANA zone name");
  }
  const formatter = formatterFor(timeZone);
  if (!Number.isSafeInteger(epochMs) || epochMs < 0 || epochMs > MAX_EPOCH_MS) {
    throw new RangeError(
      `Report instant must be integer epoch milliseconds in [0, ${MAX_EPOCH_MS}], got ${epochMs}`,
    );
  }
  let year = "";
  let month = "";
  let day = "";
  for (const part of formatter.formatToParts(epochMs)) {
    if (part.type === "year") year = part.value;
    else if (part.type === "month") month = part.value;
    else if (part.type === "day") day = part.value;
  }
  // "numeric" years are not zero-padded (year 999 prints as "999").
  const yyyy = year.padStart(4, "0");
  return { month: `${yyyy}-${month}`, day: `${yyyy}-${month}-${day}` };
}
