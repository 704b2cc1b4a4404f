/**
 * The broker cannot be used right now: the connection is down and did not come back in time, or it
 * was closed. Callers map it to UNAVAILABLE or retry later; it never means the request was bad.
 */
export class AmqpUnavailableError extends Error {
  override readonly name = "AmqpUnavailableError";
}
