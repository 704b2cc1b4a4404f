import type { Timestamp } from "@bufbuild/protobuf/wkt";

// google.protobuf.Timestamp's documented range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
const minSeconds = -62_135_596_800n;
const maxSeconds = 253_402_300_799n;

export type TimestampBound = { ok: true; ms: number } | { ok: false; description: string };

/**
 * The smallest whole epoch millisecond at or after `ts`. Documents store whole milliseconds, so
 * for an integer `createdAt`, `createdAt >= ts` and `createdAt < ts` hold exactly when they hold
 * against this ceiling: sub-millisecond bounds are neither rounded into nor out of the range.
 */
export function ceilTimestampMs(ts: Timestamp): TimestampBound {
  if (ts.seconds < minSeconds || ts.seconds > maxSeconds) {
    return {
      ok: false,
      description: "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z",
    };
  }
  if (!Number.isInteger(ts.nanos) || ts.nanos < 0 || ts.nanos > 999_999_999) {
    return { ok: false, description: "nanos must be between 0 and 999999999" };
  }
  // |seconds * 1000| < 2.6e14, well inside Number's safe integers.
  return { ok: true, ms: Number(ts.seconds) * 1000 + Math.ceil(ts.nanos / 1_000_000) };
}

/** Orders two valid timestamps exactly (no millisecond rounding). */
export function compareTimestamps(a: Timestamp, b: Timestamp): number {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1;
  return Math.sign(a.nanos - b.nanos);
}
