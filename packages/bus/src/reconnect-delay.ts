export interface ReconnectBackoff {
  /** Delay of the first retry step. */
  minMs: number;
  /** No step grows beyond this. */
  maxMs: number;
}

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry): the step doubles from minMs up
 * to maxMs, and the delay is half the step plus a random part of the other half. The jitter keeps
 * every client that one broker restart dropped from coming back in the same instant; the fixed
 * half keeps a failing broker from being hammered.
 */
export function reconnectDelayMs(
  attempt: number,
  { minMs, maxMs }: ReconnectBackoff,
  random: () => number = Math.random,
): number {
  const step = Math.min(maxMs, minMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  const share = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (share * step) / 2);
}
