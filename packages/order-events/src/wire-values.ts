import { type Timestamp, timestampDate, timestampFromMs } from "@bufbuild/protobuf/wkt";

/** Raised when wire data cannot be a valid domain event (corrupt or from a buggy producer). */
export class EventDecodeError extends Error {
  override readonly name = "EventDecodeError";
}

export function minorToWire(minor: number): bigint {
  return BigInt(minor);
}

export function minorFromWire(value: bigint, field: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new EventDecodeError(`${field} ${value} is not a safe integer`);
  return n;
}

export function timeToWire(epochMs: number): Timestamp {
  return timestampFromMs(epochMs);
}

export function timeFromWire(value: Timestamp | undefined, field: string): number {
  if (!value) throw new EventDecodeError(`${field} is missing`);
  return timestampDate(value).getTime();
}
